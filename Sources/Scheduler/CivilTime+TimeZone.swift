import Foundation

extension TimeZone {
    /// The wall-clock minute this time zone shows at `date`.
    func civilTime(at date: Date) -> CivilTime {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        return CivilTime(localSeconds: seconds + secondsFromGMT(for: date))
    }

    /// The instant a wall-clock minute stands for in this time zone.
    ///
    /// A wall time that occurs twice (the repeated hour when clocks go back) maps to its first
    /// occurrence. A wall time that does not exist (the hour skipped when clocks go forward) maps
    /// to the first instant after the gap, so a job set inside the gap still runs, like Vixie
    /// cron. The mapping never decreases as the wall time increases.
    func firstInstant(of civil: CivilTime) -> Date {
        let local = civil.localSeconds
        let day = 86_400
        // Real offsets lie within ±18 hours, so the instant lies within a day either side of
        // `local`; assume at most one offset change in that window.
        let candidates = Set([offset(at: local - day), offset(at: local), offset(at: local + day)])
        let valid = candidates.map { local - $0 }.filter { local - offset(at: $0) == $0 }
        if let first = valid.min() {
            return Date(timeIntervalSince1970: TimeInterval(first))
        }
        // In a gap: find the first instant whose wall time is past `local`, which is the instant
        // the clocks jumped.
        var low = local - day  // wall time before `local`
        var high = local + day  // wall time after `local`
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if middle + offset(at: middle) > local { high = middle } else { low = middle }
        }
        return Date(timeIntervalSince1970: TimeInterval(high))
    }

    private func offset(at seconds: Int) -> Int {
        secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
