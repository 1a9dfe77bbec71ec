import Manifest

extension KubernetesObjects {
    /// The services whose replicas the schedule scales: every Deployment.
    private var scaled: [Service] { environment.services.filter { $0.kind == .service } }

    /// kube-downscaler's uptime for the Deployments, with a warning for what it cannot say.
    mutating func downscalerAnnotation() -> String? {
        let result = DownscalerUptime.uptime(environment)
        warnings += result.warnings
        return result.uptime
    }

    /// Each transition as a CronJob that runs `kubectl scale` (with the ServiceAccount, Role and
    /// RoleBinding it needs), unless the schedule went into kube-downscaler annotations.
    mutating func addSchedule() {
        guard options.schedule == .cronJob else { return }
        let (transitions, notExported) = ScaleTransition.transitions(of: environment)
        warnings += notExported
        guard !transitions.isEmpty, !scaled.isEmpty else { return }
        let account = KubernetesNames.scheduler
        add(["apiVersion": "v1", "kind": "ServiceAccount", "metadata": metadata(account)])
        add([
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": metadata(account),
            "rules": [[
                "apiGroups": ["apps"], "resources": ["deployments", "deployments/scale"],
                "resourceNames": .list(scaled.map { .string(KubernetesNames.label($0.name)) }),
                "verbs": ["get", "patch", "update"],
            ]],
        ])
        add([
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": metadata(account),
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": .string(account)],
            "subjects": [["kind": "ServiceAccount", "name": .string(account)]],
        ])
        for transition in transitions { addCronJob(transition) }
    }

    private mutating func addCronJob(_ transition: ScaleTransition) {
        if transition.timeZone == nil {
            warnings.append("\(transition.source): no timezone: the CronJob runs in the cluster controller's zone (often UTC)")
        }
        let containers = containers(transition)
        add([
            "apiVersion": "batch/v1", "kind": "CronJob", "metadata": metadata(transition.name, component: "schedule"),
            "spec": [
                "schedule": .string(transition.cron),
                "timeZone": transition.timeZone.map { .string($0) },
                "concurrencyPolicy": "Forbid",
                "successfulJobsHistoryLimit": 1,
                "failedJobsHistoryLimit": 3,
                "jobTemplate": ["spec": [
                    "backoffLimit": 3,
                    "template": ["spec": [
                        "serviceAccountName": .string(KubernetesNames.scheduler),
                        "restartPolicy": "OnFailure",
                        "containers": .list(containers),
                    ]],
                ]],
            ],
        ], comment: ["\(transition.source): \(what[transition.target]!)."])
    }

    private var what: [ScaleTransition.Target: String] {
        [.asleep: "scales the Deployments to 0", .awake: "scales the Deployments back to their replicas",
         .restart: "restarts the Deployments (a rolling restart)"]
    }

    private func containers(_ transition: ScaleTransition) -> [YAMLValue] {
        let deployments = { (services: [Service]) in services.map { YAMLValue.string("deployment/\(KubernetesNames.label($0.name))") } }
        if transition.target == .restart {
            return [["name": "restart", "image": .string(options.kubectlImage),
                     "command": .list(["kubectl", "rollout", "restart"] + deployments(scaled))]]
        }
        // One kubectl per replica count: 0 for all when asleep, each one's own count when awake.
        let counts = Dictionary(grouping: scaled) { transition.target == .asleep ? 0 : $0.replicas }
        return counts.keys.sorted().enumerated().map { index, count -> YAMLValue in
            [
                "name": .string("scale-\(index)"), "image": .string(options.kubectlImage),
                "command": .list(["kubectl", "scale"] + deployments(counts[count]!) + [.string("--replicas=\(count)")]),
            ]
        }
    }
}
