/// Makes request ids: 32 lowercase hex digits from a per-event-loop wyrand stream, seeded once
/// from the system's generator, so no request pays for a system call.
struct RequestIDGenerator {
    private var state: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    mutating func next() -> String {
        let high = nextWord(), low = nextWord()
        return String(unsafeUninitializedCapacity: 32) { out in
            let digits: StaticString = "0123456789abcdef"
            for index in 0..<16 {
                out[index] = digits.utf8Start[Int(high >> UInt64(60 - index * 4) & 0xF)]
                out[16 + index] = digits.utf8Start[Int(low >> UInt64(60 - index * 4) & 0xF)]
            }
            return 32
        }
    }

    private mutating func nextWord() -> UInt64 {
        state &+= 0xa076_1d64_78bd_642f
        let product = state.multipliedFullWidth(by: state ^ 0xe703_7ed1_a0b4_28db)
        return product.high ^ product.low
    }
}
