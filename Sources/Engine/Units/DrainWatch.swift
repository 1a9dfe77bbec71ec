/// When a replica taken out of the router's rotation is drained: the router's count of its open
/// connections is zero on two looks in a row (a connection being opened just as the replica left
/// is counted by the second look), or its stop_timeout has passed. Pure: the caller looks, with
/// the time on its clock.
struct DrainWatch: Equatable {
    /// When waiting ends whatever the count (the withdrawal's time plus stop_timeout).
    let deadline: Duration
    private var quietLooks = 0

    init(deadline: Duration) {
        self.deadline = deadline
    }

    /// One look at the count at `now`.
    /// - Returns: nil to look again (after a short wait); true when drained; false when the
    ///   deadline passed with connections still open.
    mutating func look(open: Int, at now: Duration) -> Bool? {
        quietLooks = open == 0 ? quietLooks + 1 : 0
        if quietLooks >= 2 { return true }
        return now >= deadline ? false : nil
    }
}
