/// A `UInt64` used as the set of values of one cron field, bit n standing for value n.
extension UInt64 {
    /// Whether bit `value` is set.
    func contains(_ value: Int) -> Bool {
        value >= 0 && value < 64 && self & (1 << UInt64(value)) != 0
    }

    /// The smallest set bit at or above `value`.
    func first(atOrAfter value: Int) -> Int? {
        guard value < 64 else { return nil }
        let remaining = value <= 0 ? self : self & ~((1 << UInt64(value)) - 1)
        return remaining == 0 ? nil : remaining.trailingZeroBitCount
    }

    /// The largest set bit at or below `value`.
    func last(atOrBefore value: Int) -> Int? {
        guard value >= 0 else { return nil }
        let remaining = value >= 63 ? self : self & ((1 << UInt64(value + 1)) - 1)
        return remaining == 0 ? nil : 63 - remaining.leadingZeroBitCount
    }
}
