#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What to run as one container: the image, the command in it, its environment and directory,
/// and the labels that tie it to one replica of one environment.
///
/// It rides on a ``ProcessSpec`` (``ProcessSpec/container``): the process is then the container
/// CLI's foreground `run` of this container, and the spec's log settings apply to what the
/// container prints. The container runs on the host network, so `$PORT` and loopback health
/// checks work as for a local process.
public struct ContainerSpec: Sendable, Hashable {
    /// The image, as the container runtime names it (`localhost/demo:1`, `postgres:15`). It must
    /// be present locally: devenv never pulls.
    public var image: String
    /// The command and its arguments in the container; empty runs the image's own command.
    public var command: [String]
    /// The container's environment, and nothing else (the image's own variables stay unless
    /// named here). Values travel in the CLI's environment, never on its command line.
    public var environment: [String: String]
    /// The directory in the container the command starts in; `nil`: the image's.
    public var workingDirectory: String?
    /// The user (`NAME`, `UID` or `UID:GID`) the command runs as in the container; `nil`: the image's.
    public var user: String?
    /// Host directories seen in the container (a Postgres data directory, say); see
    /// ``ContainerCLI/handOver(_:to:)`` for making one writable by the container's user.
    public var mounts: [ContainerMount]
    /// Which replica of which environment this is; written on the container as labels.
    public var labels: ContainerLabels
    /// The signal `stop` sends first (a service's `stop_signal`).
    public var stopSignal: Int32
    /// How long the container has to exit after `stopSignal` before it is killed (`stop_timeout`).
    public var stopTimeout: Duration

    public init(
        image: String,
        command: [String] = [],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        user: String? = nil,
        mounts: [ContainerMount] = [],
        labels: ContainerLabels,
        stopSignal: Int32 = SIGTERM,
        stopTimeout: Duration = .seconds(10)
    ) {
        self.image = image
        self.command = command
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.user = user
        self.mounts = mounts
        self.labels = labels
        self.stopSignal = stopSignal
        self.stopTimeout = stopTimeout
    }
}

/// A host directory (or file) seen at `target` in a container.
public struct ContainerMount: Sendable, Hashable {
    /// The absolute path on the host.
    public var source: String
    /// The absolute path in the container.
    public var target: String
    public var readOnly: Bool

    public init(source: String, target: String, readOnly: Bool = false) {
        self.source = source
        self.target = target
        self.readOnly = readOnly
    }
}

/// The labels on every container devenv runs: the project root's absolute path, the
/// environment, the service and the replica index. By the first two, what a killed daemon left
/// is found and removed (``ContainerCLI/leftovers(root:environment:)``).
public struct ContainerLabels: Sendable, Hashable {
    public static let rootKey = "devenv.root"
    public static let environmentKey = "devenv.env"
    public static let serviceKey = "devenv.service"
    public static let replicaKey = "devenv.replica"

    /// The project root, an absolute path.
    public var root: String
    public var environment: String
    public var service: String
    public var replica: Int

    public init(root: String, environment: String, service: String, replica: Int) {
        self.root = root
        self.environment = environment
        self.service = service
        self.replica = replica
    }

    /// The labels as `key → value`.
    public var all: [(key: String, value: String)] {
        [(Self.rootKey, root), (Self.environmentKey, environment), (Self.serviceKey, service),
         (Self.replicaKey, String(replica))]
    }

    /// A container name for this replica, unique on the host: `devenv-<env>-<service>-<n>-` and
    /// 8 hex digits of a hash of the root and `token` (a fresh value per start).
    public func containerName(token: UInt64) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: stable across runs, unlike Hasher
        for byte in Array(root.utf8) + Array(String(token).utf8) {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let suffix = String(hash & 0xffff_ffff, radix: 16)
        let safe = { (text: String) in
            String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" })
        }
        return "devenv-\(safe(environment))-\(safe(service))-\(replica)-"
            + String(repeating: "0", count: 8 - suffix.count) + suffix
    }
}
