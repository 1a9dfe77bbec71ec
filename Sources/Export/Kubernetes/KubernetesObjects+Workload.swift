import Manifest

extension KubernetesObjects {
    /// A service as a Deployment and a Service (where it has a port), or a job as a Job.
    mutating func addWorkload(_ service: Service) {
        let name = KubernetesNames.label(service.name)
        let (spec, podAnnotations) = podSpec(service, name: name)
        var pod = spec
        let podLabels = labels(name)
        let template: (YAMLValue) -> YAMLValue = { spec in
            ["metadata": ["labels": podLabels, "annotations": YAMLValue.sorted(podAnnotations).nonEmpty], "spec": spec]
        }
        switch service.kind {
        case .service:
            var annotations: [String: YAMLValue] = [:]
            if let uptime = downscalerUptime { annotations["downscaler/uptime"] = .string(uptime) }
            add([
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": metadata(name, annotations: annotations),
                "spec": [
                    "replicas": .int(service.replicas),
                    "selector": ["matchLabels": selector(name)],
                    "strategy": Self.strategy(service.update),
                    "template": template(pod),
                ],
            ])
            if let port = ServicePorts.port(of: service) {
                add([
                    "apiVersion": "v1", "kind": "Service", "metadata": metadata(name),
                    "spec": [
                        "selector": selector(name),
                        "ports": [["name": "http", "port": .int(port), "targetPort": "http"]],
                    ],
                ])
            }
        case .job:
            pod = Self.setting(pod, "restartPolicy", service.restart == .no ? "Never" : "OnFailure")
            add([
                "apiVersion": "batch/v1", "kind": "Job", "metadata": metadata(name),
                "spec": [
                    "completions": .int(service.replicas), "parallelism": .int(service.replicas),
                    "backoffLimit": .int(service.restart == .no ? 0 : 6),
                    "template": template(pod),
                ],
            ])
        }
    }

    /// `update:` as a Deployment strategy: rolling is devenv's one replacement at a time with none
    /// taken down first; recreate stops every pod first. Unset: Kubernetes' own default.
    static func strategy(_ update: Service.UpdateStrategy?) -> YAMLValue? {
        switch update {
        case .rolling?: return ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": .int(0), "maxSurge": .int(1)]]
        case .recreate?: return ["type": "Recreate"]
        case nil: return nil
        }
    }

    /// The pod's spec, and the annotations its template carries.
    private mutating func podSpec(_ service: Service, name: String) -> (YAMLValue, [String: YAMLValue]) {
        var environment = ContainerEnvironment()
        var values = self.environment.env.merging(service.env) { $1 }
        let port = ServicePorts.port(of: service)
        if let port, values["PORT"] == nil { values["PORT"] = Template(literal: String(port)) }
        var command: YAMLValue?
        switch service.command {
        case .argv(let arguments)?:
            var argv: [YAMLValue] = []
            for argument in arguments { argv.append(.string(environment.text(parts(argument)))) }
            command = .list(argv)
        case .shell(let script)?: command = ["/bin/sh", "-c", .string(environment.text(parts(script)))]
        case nil: command = nil
        }
        for (key, template) in values.sorted(by: { $0.key < $1.key }) { environment.add(key, parts(template)) }
        var probe: YAMLValue?
        if let health = service.health { probe = self.probe(health, port: port, environment: &environment) }
        var lifecycle: YAMLValue?
        var annotations: [String: YAMLValue] = [:]
        if service.stopSignal != "TERM" {
            // Kubernetes stops every container with SIGTERM: send the manifest's signal first.
            lifecycle = ["preStop": ["exec": ["command": ["/bin/sh", "-c", .string("kill -\(service.stopSignal) 1 && sleep 1")]]]]
            annotations["devenv/stop-signal"] = .string(service.stopSignal)
            warnings.append("services.\(service.name): stop_signal \(service.stopSignal) is sent by a preStop hook (kill -\(service.stopSignal) 1): Kubernetes itself sends TERM")
        }
        let envFrom: YAMLValue? = self.environment.envFileValues.isEmpty
            ? nil : [["secretRef": ["name": .string(KubernetesNames.envFileSecret)]]]
        let ports: YAMLValue? = port.map { [["name": "http", "containerPort": .int($0)]] }
        var liveness = probe
        if let check = probe, let health = service.health, health.startPeriod > .zero {
            liveness = Self.setting(check, "initialDelaySeconds", .int(ServicePorts.seconds(health.startPeriod)))
        }
        let container: YAMLValue = [
            "name": .string(name),
            "image": .string(images[service.name] ?? ""),
            "command": command,
            "env": environment.value,
            "envFrom": envFrom,
            "ports": ports,
            "readinessProbe": probe,
            "livenessProbe": liveness,
            "lifecycle": lifecycle,
        ]
        let spec: YAMLValue = [
            "terminationGracePeriodSeconds": .int(ServicePorts.seconds(service.stopTimeout)),
            "containers": [container],
        ]
        return (spec, annotations)
    }

    private mutating func probe(_ health: HealthCheck, port: Int?, environment: inout ContainerEnvironment) -> YAMLValue {
        var check: YAMLValue
        switch health.probe {
        case .http(let path): check = ["httpGet": ["path": .string(path), "port": .int(port ?? ServicePorts.auto)]]
        case .tcp: check = ["tcpSocket": ["port": .int(port ?? ServicePorts.auto)]]
        case .command(let script):
            // Probes are not expanded as $(NAME): the shell reads the secrets from the environment.
            let text = parts(script).map { part -> String in
                if case .secret(let key) = part { _ = environment.text([part]); return "${\(key.variableName)}" }
                if case .literal(let text) = part { return text }
                return ""
            }.joined()
            check = ["exec": ["command": ["/bin/sh", "-c", .string(text)]]]
        }
        for (key, value) in [
            ("periodSeconds", ServicePorts.seconds(health.interval, minimum: 1)),
            ("timeoutSeconds", ServicePorts.seconds(health.timeout, minimum: 1)),
            ("failureThreshold", health.retries),
        ] { check = Self.setting(check, key, .int(value)) }
        return check
    }

    /// `map` with `key` set to `value` (replaced in place, or added at the end).
    static func setting(_ map: YAMLValue, _ key: String, _ value: YAMLValue) -> YAMLValue {
        guard case .map(var entries) = map else { return map }
        if let index = entries.firstIndex(where: { $0.key == key }) { entries[index].value = value } else { entries.append(.init(key, value)) }
        return .map(entries)
    }
}
