import Manifest

extension KubernetesObjects {
    /// Postgres as a StatefulSet with a volume claim and a Service; the superuser's and each
    /// owner's password in Secrets (placeholders); the seed files in a ConfigMap, applied by a Job.
    mutating func addPostgres(_ postgres: PostgresSpec, seedFiles: [String: String]) throws(ExportError) {
        let name = KubernetesNames.postgres
        let image = PostgresImage.name(postgres)
        addSecret(name, ["password": "TODO-replace-me-postgres"], comment: Self.placeholderNote)
        for database in postgres.databases {
            let password = "TODO-replace-me-\(KubernetesNames.label(database.name))"
            addSecret(KubernetesNames.postgresSecret(database: database.name), [
                "database": database.name, "username": database.owner, "password": password,
                "url": "postgresql://\(database.owner):\(password)@\(name):\(ServicePorts.postgres)/\(database.name)",
            ], comment: Self.placeholderNote + ["url must carry the same password as password."])
        }
        var environment = ContainerEnvironment()
        environment.add("POSTGRES_PASSWORD", secret: SeedScript.superuserPassword)
        environment.add("PGDATA", [.literal("/var/lib/postgresql/data/pgdata")])
        let readiness: YAMLValue = [
            "exec": ["command": ["pg_isready", "-U", "postgres"]], "periodSeconds": 2, "timeoutSeconds": 2, "failureThreshold": 3,
        ]
        add([
            "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": metadata(name),
            "spec": [
                "serviceName": .string(name),
                "replicas": 1,
                "selector": ["matchLabels": selector(name)],
                "template": [
                    "metadata": ["labels": labels(name)],
                    "spec": [
                        "terminationGracePeriodSeconds": 60,
                        "containers": [[
                            "name": .string(name), "image": .string(image),
                            "args": .list(PostgresImage.arguments(postgres).map { .string($0) }).nonEmpty,
                            "env": environment.value,
                            "ports": [["name": "postgres", "containerPort": .int(ServicePorts.postgres)]],
                            "readinessProbe": readiness,
                            "livenessProbe": Self.setting(readiness, "failureThreshold", 10),
                            "volumeMounts": [["name": "data", "mountPath": "/var/lib/postgresql/data"]],
                        ]],
                    ],
                ],
                "volumeClaimTemplates": [[
                    "metadata": ["name": "data"],
                    "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": .string(options.storage)]]],
                ]],
            ],
        ])
        add([
            "apiVersion": "v1", "kind": "Service", "metadata": metadata(name),
            "spec": ["selector": selector(name), "ports": [["name": "postgres", "port": .int(ServicePorts.postgres), "targetPort": "postgres"]]],
        ])
        try addSeedJob(postgres, image: image, seedFiles: seedFiles)
    }

    private mutating func addSeedJob(_ postgres: PostgresSpec, image: String, seedFiles: [String: String]) throws(ExportError) {
        let name = KubernetesNames.seed
        var data: [String: YAMLValue] = ["seed.sh": .string(SeedScript.text(postgres, directory: "/seed"))]
        for (_, seed, key) in SeedScript.files(of: postgres) {
            guard let contents = seedFiles[seed.file] else {
                throw ExportError(.missingSeedFile, "the contents of seed file \(seed.file) were not given to the exporter", file: seed.file)
            }
            data[key] = .string(contents)
        }
        add(["apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata(name), "data": YAMLValue.sorted(data)])
        var environment = ContainerEnvironment()
        environment.add("PGHOST", [.literal(KubernetesNames.postgres)])
        environment.add("PGUSER", [.literal("postgres")])
        environment.add("PGPASSWORD", secret: SeedScript.superuserPassword)
        for database in postgres.databases {
            let key = SeedScript.password(of: database)
            environment.add(key.variableName, secret: key)
        }
        add([
            "apiVersion": "batch/v1", "kind": "Job", "metadata": metadata(name),
            "spec": [
                "backoffLimit": 10,
                "template": [
                    "metadata": ["labels": labels(name)],
                    "spec": [
                        "restartPolicy": "OnFailure",
                        "containers": [[
                            "name": "seed", "image": .string(image),
                            "command": ["/bin/sh", "/seed/seed.sh"],
                            "env": environment.value,
                            "volumeMounts": [["name": "seed", "mountPath": "/seed", "readOnly": true]],
                        ]],
                        "volumes": [["name": "seed", "configMap": ["name": .string(name)]]],
                    ],
                ],
            ],
        ], comment: ["Creates each database's owner and database, then applies the seed files once each (see seed.sh)."])
    }

    static let placeholderNote = [
        "Placeholder passwords: replace them before the first apply (the seed job sets each owner's",
        "password from here), e.g. with kubectl create secret generic … --dry-run=client -o yaml.",
    ]
}

/// The Postgres image and server arguments both exports use.
enum PostgresImage {
    static func name(_ postgres: PostgresSpec) -> String {
        postgres.image ?? "postgres:\(postgres.version ?? "15")"
    }

    /// `-c key=value` for each setting, sorted by key.
    static func arguments(_ postgres: PostgresSpec) -> [String] {
        postgres.settings.sorted { $0.key < $1.key }.flatMap { ["-c", "\($0.key)=\($0.value)"] }
    }
}
