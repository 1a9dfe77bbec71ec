extension ContainerCLI {
    /// The command line and environment of the foreground `run` of `spec` as container `name`:
    /// removed when it exits, never pulling, on the host network, labelled, with its stop signal
    /// and timeout.
    ///
    /// The container's variables are passed by name (`--env NAME`) and their values put in the
    /// tool's own environment, so no value shows on a command line; a variable the tool reads
    /// itself (`PATH`, `HOME`…, those in ``environment``) is passed as `--env NAME=VALUE`
    /// instead, leaving the tool's own value alone.
    /// - Parameter pidFile: where podman writes the container's main pid (`--pidfile`); docker
    ///   has no such flag, and gets none.
    func runInvocation(_ spec: ContainerSpec, name: String, pidFile: String?) -> (argv: [String], environment: [String: String]) {
        var argv = [path, "run", "--rm", "--pull", "never", "--name", name, "--network", "host"]
        for label in spec.labels.all {
            argv += ["--label", "\(label.key)=\(label.value)"]
        }
        let signalName = ExitStatus.signalName(spec.stopSignal).map { "SIG" + $0 } ?? String(spec.stopSignal)
        argv += ["--stop-signal", signalName, "--stop-timeout", String(Self.wholeSeconds(spec.stopTimeout))]
        var environment = self.environment
        for (key, value) in spec.environment.sorted(by: { $0.key < $1.key }) {
            if self.environment[key] != nil {
                argv += ["--env", "\(key)=\(value)"]
            } else {
                argv += ["--env", key]
                environment[key] = value
            }
        }
        for mount in spec.mounts {
            argv += ["--volume", "\(mount.source):\(mount.target)" + (mount.readOnly ? ":ro" : "")]
        }
        if let directory = spec.workingDirectory { argv += ["--workdir", directory] }
        if let user = spec.user { argv += ["--user", user] }
        if let pidFile, kind == .podman { argv += ["--pidfile", pidFile] }
        argv += [spec.image] + spec.command
        return (argv, environment)
    }

    /// A duration as whole seconds, rounded up (the tools take whole seconds).
    static func wholeSeconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, seconds + (attoseconds > 0 ? 1 : 0))
    }
}
