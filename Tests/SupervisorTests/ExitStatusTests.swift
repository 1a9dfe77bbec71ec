#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Supervisor
import Testing
import Vocabulary

/// Swift Testing has an `ExitStatus` of its own (for exit tests); these tests mean the Supervisor's.
typealias ExitStatus = Supervisor.ExitStatus

@Suite struct ExitStatusTests {
    @Test(arguments: [
        (ExitStatus.exited(0), "exit 0"),
        (.exited(1), "exit 1"),
        (.exited(127), "exit 127"),
        (.signaled(SIGKILL), "signal \(SIGKILL) (KILL)"),
        (.signaled(SIGTERM), "signal \(SIGTERM) (TERM)"),
        (.signaled(SIGSEGV), "signal \(SIGSEGV) (SEGV)"),
        (.signaled(99), "signal 99"),
    ])
    func description(status: ExitStatus, expected: String) {
        #expect(status.description == expected)
    }

    @Test func signalNineIsKill() {
        #expect(ExitStatus.signaled(9).description == "signal 9 (KILL)")
    }

    @Test(arguments: [
        (ExitStatus.exited(0), true),
        (.exited(1), false),
        (.exited(-1), false),
        (.signaled(SIGTERM), false),
        (.signaled(0), false),
    ])
    func isSuccess(status: ExitStatus, expected: Bool) {
        #expect(status.isSuccess == expected)
    }

    @Test func signalNamesAndNumbers() {
        #expect(ExitStatus.signalNumber(named: "TERM") == SIGTERM)
        #expect(ExitStatus.signalNumber(named: "sigkill") == SIGKILL)
        #expect(ExitStatus.signalNumber(named: "Int") == SIGINT)
        #expect(ExitStatus.signalNumber(named: "BOGUS") == nil)
        #expect(ExitStatus.signalName(SIGSTOP) == "STOP")
        #expect(ExitStatus.signalName(1000) == nil)
    }

    @Test func manifestSpellings() {
        #expect(RestartPolicy(rawValue: "on-failure") == .onFailure)
        #expect(RestartPolicy(rawValue: "no") == RestartPolicy.no)
        #expect(RestartPolicy(rawValue: "always") == .always)
        #expect(RestartPolicy(rawValue: "on_failure") == nil)
        #expect(ServiceKind(rawValue: "job") == .job)
        #expect(DependencyCondition(rawValue: "completed") == .completed)
        #expect(ReplicaState.allCases.map(\.rawValue) == ["starting", "running", "paused", "exited", "crashed", "stopped"])
        #expect(Health.allCases.map(\.rawValue) == ["healthy", "unhealthy", "unknown"])
    }
}
