import Foundation

/// A container's `env:` list as it is built: every Secret key a value needs comes in as its own
/// variable first, so other values (and the command) can use it as `$(NAME)`, which Kubernetes
/// expands; a value that is only a secret is a `secretKeyRef` of its own.
struct ContainerEnvironment {
    private var helpers: Set<SecretKey> = []
    private var entries: [YAMLValue] = []

    /// A value with its secrets as `$(NAME)`; a literal `$(` is written `$$(`.
    mutating func text(_ parts: [ValuePart]) -> String {
        parts.map { part in
            switch part {
            case .literal(let text): return text.replacingOccurrences(of: "$(", with: "$$(")
            case .secret(let key):
                helpers.insert(key)
                return "$(\(key.variableName))"
            case .variable(let name):
                // Kubernetes parts never hold variables: the exporter makes them secrets first.
                return name
            }
        }.joined()
    }

    mutating func add(_ name: String, _ parts: [ValuePart]) {
        if parts.count == 1, case .secret(let key) = parts[0] {
            entries.append(["name": .string(name), "valueFrom": Self.reference(key)])
        } else {
            entries.append(["name": .string(name), "value": .string(text(parts))])
        }
    }

    mutating func add(_ name: String, secret key: SecretKey) {
        add(name, [.secret(key)])
    }

    /// The `env:` list: the secrets others refer to first (sorted), then the entries as added.
    var value: YAMLValue? {
        let defined = helpers.sorted().map { key -> YAMLValue in
            ["name": .string(key.variableName), "valueFrom": Self.reference(key)]
        }
        return YAMLValue.list(defined + entries).nonEmpty
    }

    static func reference(_ key: SecretKey) -> YAMLValue {
        ["secretKeyRef": ["name": .string(key.secret), "key": .string(key.key)]]
    }
}
