import Foundation
import Manifest
import Synchronization

/// `devenv up`'s head start: its daemon is started first thing, before the command line is
/// parsed and the manifest read, so the daemon's own start-up (a process, the state db, its
/// threads) runs alongside the CLI's instead of after it.
///
/// Only for an environment that was up before (its `.devenv/<env>/` exists), with no daemon
/// running and no other command at work on it: `begin` takes the command lock `up` would take
/// and keeps it for `Engine.up`. The daemon checks the manifest before it changes anything
/// (`Daemon.run(convergeAtStart:)`), so a broken one still changes nothing; `up` reports it.
public enum EarlyStart {
    /// What `begin` started and holds, by command lock path.
    struct Start: Sendable {
        var lock: FileLock
        var daemon: pid_t
    }

    private static let started = Mutex<[String: Start]>([:])

    /// Starts the daemon of `name` if all of the above holds; otherwise does nothing, and `up`
    /// goes the usual way.
    public static func begin(project: Project, environment name: String) {
        guard (try? project.manifestPath(for: name)) != nil else { return }  // a plain name with a manifest
        let launcher = DaemonLauncher(project: project, name: name)
        let paths = launcher.paths
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: paths.directory, isDirectory: &isDirectory), isDirectory.boolValue,
              let lock = FileLock.tryAcquire(paths.commandLock) else { return }
        // A daemon that answers, or holds its lock while starting, needs no head start.
        guard !ControlClient(socketPath: paths.controlSocket).isAnswering(), !FileLock.isHeld(paths.daemonLock),
              let pid = try? launcher.spawn(converging: true) else { return }
        started.withLock { $0[paths.commandLock] = Start(lock: lock, daemon: pid) }
    }

    /// What `begin` started for the environment whose command lock is at `path` (the lock, held,
    /// and the daemon's pid), handed over to the caller.
    static func take(_ path: String) -> Start? {
        started.withLock { $0.removeValue(forKey: path) }
    }
}

extension EarlyStart {
    /// What a plain `devenv up` command line brings up, read ahead of ArgumentParser. Only
    /// `up [ENV] [-e ENV | --env ENV] [-C DIR] [--timeout DURATION]` is understood, each option
    /// at most once, and the environment is named exactly as the CLI's `GlobalOptions` names it;
    /// anything else (`--attach`, `--help`, `--env=…`, an unknown option) is nil, and `up` goes
    /// the usual way.
    public struct Target: Equatable, Sendable {
        public var directory: String?
        public var environment: String

        public init(directory: String?, environment: String) {
            self.directory = directory
            self.environment = environment
        }

        /// - Parameter arguments: the whole argv, the program first.
        public init?(upCommandLine arguments: [String], processEnvironment: [String: String]) {
            guard arguments.count >= 2, arguments[1] == "up" else { return nil }
            var positional: String?, environment: String?, directory: String?, timeout: String?
            var index = 2
            while index < arguments.count {
                let argument = arguments[index]
                switch argument {
                case "-e", "--env", "-C", "--timeout":
                    guard index + 1 < arguments.count, !arguments[index + 1].hasPrefix("-") else { return nil }
                    let value = arguments[index + 1]
                    switch argument {
                    case "-C":
                        guard directory == nil else { return nil }
                        directory = value
                    case "--timeout":
                        // A timeout up would refuse must start nothing.
                        guard timeout == nil, case .success = DurationText.parse(value) else { return nil }
                        timeout = value
                    default:
                        guard environment == nil else { return nil }
                        environment = value
                    }
                    index += 2
                default:
                    guard !argument.hasPrefix("-"), positional == nil else { return nil }
                    positional = argument
                    index += 1
                }
            }
            self.directory = directory
            self.environment = positional ?? environment
                ?? processEnvironment["DEVENV_ENV"].flatMap { $0.isEmpty ? nil : $0 } ?? "dev"
        }
    }
}
