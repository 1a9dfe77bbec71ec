import Manifest

extension KubernetesObjects {
    /// The services whose replicas the schedule scales: every Deployment.
    private var scaled: [Service] { environment.services.filter { $0.kind == .service } }

    /// kube-downscaler's uptime for the Deployments, with a warning for what it cannot say.
    mutating func downscalerAnnotation() -> String? {
        let result = DownscalerUptime.uptime(ScaleTransition.transitions(of: environment))
        warnings += result.warnings
        return result.uptime
    }

    /// Each transition as a CronJob that runs `kubectl scale` (with the ServiceAccount, Role and
    /// RoleBinding it needs), unless the schedule went into kube-downscaler annotations.
    mutating func addSchedule() {
        let transitions = ScaleTransition.transitions(of: environment)
        guard options.schedule == .cronJob, !transitions.isEmpty, !scaled.isEmpty else { return }
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
        // One kubectl per replica count: 0 for all when asleep, each one's own count when awake.
        let counts = Dictionary(grouping: scaled) { transition.target == .asleep ? 0 : $0.replicas }
        let containers = counts.keys.sorted().enumerated().map { index, count -> YAMLValue in
            let targets = counts[count]!.map { YAMLValue.string("deployment/\(KubernetesNames.label($0.name))") }
            return [
                "name": .string("scale-\(index)"), "image": .string(options.kubectlImage),
                "command": .list(["kubectl", "scale"] + targets + [.string("--replicas=\(count)")]),
            ]
        }
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
        ], comment: ["\(transition.source): scales the Deployments \(transition.target == .asleep ? "to 0" : "back to their replicas")."])
    }
}
