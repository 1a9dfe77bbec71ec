import Synchronization

/// A probe that answers from a script, for tests: the scripted results in order, then
/// `afterwards` (by default the last scripted result, or healthy when there were none). It
/// returns at once, whatever the timeout, and records the timeouts it was given.
public final class FakeProbe: HealthProbe {
    private struct State {
        var script: [ProbeResult]
        var next = 0
        var afterwards: ProbeResult?
        var timeouts: [Duration] = []
    }

    private let state: Mutex<State>

    /// - Parameters:
    ///   - results: What the first checks return, in order.
    ///   - afterwards: What every check after the script returns; by default the last scripted
    ///     result (healthy when there is none).
    public init(_ results: [ProbeResult] = [], afterwards: ProbeResult? = nil) {
        state = Mutex(State(script: results, afterwards: afterwards))
    }

    public func check(timeout: Duration) async -> ProbeResult {
        state.withLock { state in
            state.timeouts.append(timeout)
            guard state.next < state.script.count else {
                return state.afterwards ?? state.script.last ?? .healthy
            }
            defer { state.next += 1 }
            return state.script[state.next]
        }
    }

    /// Adds results to the end of the script.
    public func enqueue(_ results: ProbeResult...) {
        state.withLock { $0.script += results }
    }

    /// How many checks have run.
    public var checkCount: Int {
        state.withLock { $0.timeouts.count }
    }

    /// The timeout each check was given, in order.
    public var timeouts: [Duration] {
        state.withLock { $0.timeouts }
    }

    /// How many scripted results are still to come.
    public var remaining: Int {
        state.withLock { $0.script.count - $0.next }
    }
}
