import Manifest

/// The objects of one Kubernetes export as they are built, with what did not carry over.
struct KubernetesObjects {
    let environment: Environment
    let options: KubernetesExport.Options
    let images: [String: String]
    /// kube-downscaler's uptime, when the schedule is exported that way and can be.
    var downscalerUptime: String?
    private(set) var documents: [YAMLDocument] = []
    var warnings: [String] = []
    /// Variables the manifest reads but that were set nowhere: keys of the `variables` Secret.
    private(set) var unsetVariables: Set<String> = []
    private var routerURLUsed = false

    init(environment: Environment, options: KubernetesExport.Options, images: [String: String]) {
        self.environment = environment
        self.options = options
        self.images = images
        if options.schedule == .kubeDownscaler { downscalerUptime = downscalerAnnotation() }
    }

    mutating func add(_ value: YAMLValue, comment: [String] = []) {
        documents.append(YAMLDocument(value, comment: comment))
    }

    /// Every file, named `kind-name.yaml`, in name order.
    var result: ExportResult {
        var warnings = self.warnings
        if routerURLUsed {
            warnings.append("${router.url} is exported as \(options.publicURL): set it to the URL your Ingress is reached at")
        }
        let files = documents.map { document -> ExportedFile in
            let kind = document.value["kind"].flatMap { if case .string(let text) = $0 { return text } else { return nil } } ?? "object"
            let name = document.value["metadata"]?["name"].flatMap { if case .string(let text) = $0 { return text } else { return nil } } ?? "unnamed"
            return ExportedFile(path: "\(kind.lowercased())-\(name).yaml", contents: document.text)
        }
        return ExportResult(files: files.sorted { $0.path < $1.path }, warnings: warnings)
    }

    // MARK: Metadata

    func labels(_ component: String) -> YAMLValue {
        YAMLValue.sorted([
            "app.kubernetes.io/name": .string(component),
            "app.kubernetes.io/instance": .string(environment.name),
            "app.kubernetes.io/managed-by": "devenv",
        ])
    }

    func selector(_ component: String) -> YAMLValue {
        YAMLValue.sorted(["app.kubernetes.io/name": .string(component), "app.kubernetes.io/instance": .string(environment.name)])
    }

    func metadata(_ name: String, component: String? = nil, annotations: [String: YAMLValue] = [:]) -> YAMLValue {
        ["name": .string(name), "labels": labels(component ?? name), "annotations": YAMLValue.sorted(annotations).nonEmpty]
    }

    /// A Secret of `stringData`, with the comment lines above it.
    mutating func addSecret(_ name: String, _ values: [String: String], comment: [String]) {
        add([
            "apiVersion": "v1", "kind": "Secret", "metadata": metadata(name, component: name), "type": "Opaque",
            "stringData": YAMLValue.sorted(values.mapValues { .string($0) }),
        ], comment: comment)
    }

    // MARK: Values

    /// A manifest string as parts for a container: references become cluster names or Secret
    /// keys, unset variables keys of the `variables` Secret.
    mutating func parts(_ template: Template) -> [ValuePart] {
        ValuePart.parts(of: template) { resolve($0) }.map { part in
            guard case .variable(let name) = part else { return part }
            unsetVariables.insert(name)
            return .secret(SecretKey(secret: KubernetesNames.variablesSecret, key: name))
        }
    }

    private mutating func resolve(_ reference: Reference) -> [ValuePart] {
        switch reference {
        case .postgresHost: return [.literal(KubernetesNames.postgres)]
        case .postgresPort: return [.literal(String(ServicePorts.postgres))]
        case .database(let name, let field):
            let secret = KubernetesNames.postgresSecret(database: name)
            switch field {
            case .url: return [.secret(SecretKey(secret: secret, key: "url"))]
            case .password: return [.secret(SecretKey(secret: secret, key: "password"))]
            case .user: return [.literal(environment.postgres?.database(named: name)?.owner ?? name)]
            case .name: return [.literal(name)]
            }
        case .routerURL, .routerHost, .routerPort:
            routerURLUsed = true
            let (host, port) = Self.hostAndPort(of: options.publicURL)
            switch reference {
            case .routerHost: return [.literal(host)]
            case .routerPort: return [.literal(port)]
            default: return [.literal(options.publicURL)]
            }
        case .service(let name, let field):
            let host = KubernetesNames.label(name)
            let port = environment.service(named: name).flatMap(ServicePorts.port(of:)) ?? 80
            switch field {
            case .host: return [.literal(host)]
            case .port: return [.literal(String(port))]
            case .url: return [.literal("http://\(host):\(port)")]
            }
        }
    }

    /// `http://example.com:8443/x` → ("example.com", "8443"); the scheme's port when none is written.
    static func hostAndPort(of url: String) -> (String, String) {
        let https = url.hasPrefix("https://")
        let rest = url.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? url
        let parts = rest.split(separator: ":", maxSplits: 1).map(String.init)
        return (parts.first ?? rest, parts.count > 1 ? parts[1] : (https ? "443" : "80"))
    }

    /// The `variables` Secret (placeholders for what the manifest reads from the environment)
    /// and the `env-file` Secret (what `env_file` holds), where there is anything to hold.
    mutating func addVariableSecrets() {
        if !unsetVariables.isEmpty {
            let names = unsetVariables.sorted()
            addSecret(KubernetesNames.variablesSecret, Dictionary(uniqueKeysWithValues: names.map { ($0, "TODO-set-\($0)") }), comment: [
                "Variables the manifest reads from the environment (\(names.joined(separator: ", "))).",
                "devenv export never copies them from the shell it runs in: replace each placeholder.",
            ])
            warnings.append("variables \(names.joined(separator: ", ")) are placeholders in secret-variables.yaml: set their values before applying")
        }
        if !environment.envFileValues.isEmpty {
            addSecret(KubernetesNames.envFileSecret, environment.envFileValues, comment: [
                "The values of \(environment.envFile ?? "env_file"), given to every container (below env:).",
            ])
        }
    }
}
