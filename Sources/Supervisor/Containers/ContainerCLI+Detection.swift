/// Whether one container tool works here, and what to do when it does not: what `doctor`
/// reports, and what a manifest's `containers.runtime` is checked against.
public struct ContainerRuntimeCheck: Sendable, Hashable {
    public var kind: ContainerCLI.Kind
    /// The tool, when it is installed.
    public var cli: ContainerCLI?
    /// Its version, when it answered.
    public var version: String?
    /// What failed, `nil` when the tool works.
    public var problem: String?
    /// What to install or configure so that it works, `nil` when it does.
    public var fix: String?

    public var works: Bool { problem == nil && cli != nil }
}

extension ContainerCLI {
    /// Whether `kind` is installed and answers `info` (podman: can make containers as this
    /// user; docker: its daemon is reachable).
    public static func check(_ kind: Kind, environment: [String: String] = ContainerCLI.inheritedEnvironment()) async
        -> ContainerRuntimeCheck
    {
        guard let cli = find(kind, environment: environment) else {
            return ContainerRuntimeCheck(kind: kind, cli: nil, version: nil, problem: "\(kind) is not installed",
                                         fix: installHint(kind))
        }
        let output = await cli.run(["info", "--format", kind == .podman ? "{{.Version.Version}}" : "{{.ServerVersion}}"])
        guard output.succeeded else {
            return ContainerRuntimeCheck(kind: kind, cli: cli, version: nil,
                                         problem: "`\(kind) info` fails: \(output.failure)", fix: configureHint(kind))
        }
        return ContainerRuntimeCheck(kind: kind, cli: cli, version: output.lines.first, problem: nil, fix: nil)
    }

    /// podman and docker, checked in that order.
    public static func checkAll(environment: [String: String] = ContainerCLI.inheritedEnvironment()) async
        -> [ContainerRuntimeCheck]
    {
        var checks: [ContainerRuntimeCheck] = []
        for kind in Kind.allCases { checks.append(await check(kind, environment: environment)) }
        return checks
    }

    /// The tool named `kind` (a manifest's `containers.runtime`), or the first of podman and
    /// docker that works here.
    /// - Throws: ``RuntimeError`` `noContainerRuntime` naming what failed for each tool tried
    ///   and what to install or configure.
    public static func detect(_ kind: Kind? = nil, environment: [String: String] = ContainerCLI.inheritedEnvironment())
        async throws -> ContainerCLI
    {
        let checks = kind.map { [$0] } ?? Kind.allCases
        var failures: [String] = []
        for candidate in checks {
            let check = await check(candidate, environment: environment)
            if check.works, let cli = check.cli { return cli }
            failures.append("\(check.problem ?? "\(candidate) does not work") — \(check.fix ?? "")")
        }
        let wanted = kind.map { "the container runtime '\($0)' (containers.runtime)" } ?? "a container runtime (podman or docker)"
        throw RuntimeError(code: .noContainerRuntime,
                           message: "services with an image need \(wanted), and none works here: "
                               + failures.joined(separator: "; "))
    }

    static func installHint(_ kind: Kind) -> String {
        switch kind {
        case .podman:
            return "install podman (Debian/Ubuntu: `apt-get install podman runc uidmap`, or `make deps`)"
        case .docker:
            return "install docker (Debian/Ubuntu: `apt-get install docker.io`) and start its daemon"
        }
    }

    static func configureHint(_ kind: Kind) -> String {
        switch kind {
        case .podman:
            return "see podman's message; where its OCI runtime or ulimits fail, set `runtime = \"runc\"` under [engine] and "
                + "`default_ulimits` under [containers] in /etc/containers/containers.conf; as a plain user, give the user "
                + "/etc/subuid and /etc/subgid ranges (`usermod --add-subuids 100000-165535 --add-subgids 100000-165535 USER`, "
                + "package uidmap) and run `podman system migrate`"
        case .docker:
            return "start the docker daemon (`systemctl start docker`) and let this user reach it (group docker)"
        }
    }
}
