/// Makes request ids: 128 bits from a per-event-loop wyrand stream, seeded once from the
/// system's generator, so no request pays for a system call (or for a string).
struct RequestIDGenerator {
    private var state: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    mutating func next() -> RequestID {
        .generated(high: nextWord(), low: nextWord())
    }

    private mutating func nextWord() -> UInt64 {
        state &+= 0xa076_1d64_78bd_642f
        let product = state.multipliedFullWidth(by: state ^ 0xe703_7ed1_a0b4_28db)
        return product.high ^ product.low
    }
}
