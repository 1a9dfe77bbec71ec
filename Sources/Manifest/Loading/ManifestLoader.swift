import Foundation

/// Loads an environment's manifest: read, merge the `extends` chain, read `env_file`,
/// interpolate, decode and validate. Pure apart from reading files; never prints or exits.
public struct ManifestLoader: Sendable {
    public var project: Project
    /// The variables `${NAME}` reads first (the process environment).
    public var processEnvironment: [String: String]
    /// What `${NAME}` without a default becomes when NAME is set nowhere; nil (the default): an
    /// error. Export passes a placeholder, so a secret is never read from the exporter's shell.
    public var unsetVariable: (@Sendable (String) -> String)?

    public init(project: Project, processEnvironment: [String: String] = ProcessInfo.processInfo.environment,
                unsetVariable: (@Sendable (String) -> String)? = nil) {
        self.project = project
        self.processEnvironment = processEnvironment
        self.unsetVariable = unsetVariable
    }

    /// Loads `environments/<name>.yaml`.
    /// - Throws: `ProjectError` for an unknown environment, `ManifestError` with every problem found.
    public func load(_ name: String) throws -> Environment {
        let file = try project.manifestPath(for: name)
        var log = DiagnosticLog()
        guard let (chain, files) = readChain(name: name, file: file, log: &log) else {
            throw ManifestError(log.sorted)
        }
        var merged = chain.dropFirst().reduce(chain[0]) { Overlay.merge(base: $0, overlay: $1) }
        if case .mapping(let entries) = merged.value {
            merged.value = .mapping(entries.filter { $0.key != "extends" })
        }
        merged = Overlay.removingNulls(merged)

        let envFileValues = readEnvFile(merged, log: &log)
        let variables = topLevelVariables(merged, envFileValues: envFileValues, log: &log)
        let interpolated = interpolate(merged, variables: variables, log: &log)

        let decoder = ManifestDecoder()
        let environment = decoder.environment(interpolated, name: name, files: files, envFileValues: envFileValues)
        ManifestValidator(environment: environment, decoder: decoder, root: project.root) { relative in
            FileManager.default.fileExists(atPath: project.path(relative))
        }.validate()
        log.append(contentsOf: decoder.log.diagnostics)
        if !log.isEmpty { throw ManifestError(log.sorted) }
        return environment
    }

    /// The manifests from the base of the `extends` chain to `name`, or nil after a diagnostic.
    private func readChain(name: String, file: String, log: inout DiagnosticLog) -> ([Node], [String])? {
        var nodes: [Node] = [], files: [String] = [], names: [String] = []
        var current: (name: String, file: String)? = (name, file)
        while let (currentName, currentFile) = current {
            guard let text = try? String(contentsOfFile: project.path(currentFile), encoding: .utf8) else {
                log.error("cannot read \(currentFile)", at: SourcePosition(file: currentFile, line: 1, column: 1))
                return nil
            }
            let node: Node
            switch YAMLReader.read(text, file: currentFile) {
            case .success(let read): node = read
            case .failure(let diagnostic):
                log.error(diagnostic.message, at: diagnostic.position)
                return nil
            }
            nodes.insert(node, at: 0)
            files.insert(currentFile, at: 0)
            names.append(currentName)
            current = nil
            guard let extends = node["extends"], !extends.isNull else { break }
            let at = extends.position
            guard case .scalar(let scalar) = extends.value else {
                log.error("extends: expected an environment name, found \(extends.kindName)", at: at)
                return nil
            }
            let base = scalar.text
            if let index = names.firstIndex(of: base) {
                log.error("extends: cycle: \((names[index...] + [base]).joined(separator: " → "))", at: at)
                return nil
            }
            do {
                current = (base, try project.manifestPath(for: base))
            } catch {
                log.error("extends: \(error.message)", at: at)
                return nil
            }
        }
        return (nodes, files)
    }

    private func readEnvFile(_ root: Node, log: inout DiagnosticLog) -> [String: String] {
        guard let node = root["env_file"], case .scalar(let scalar) = node.value else { return [:] }
        // The path itself may use ${NAME} from the process environment.
        let (template, problems) = Interpolation(variables: { processEnvironment[$0] }, unset: unsetVariable).interpolate(scalar.text)
        guard problems.isEmpty, let relative = template.literalValue else { return [:] }  // reported later
        guard let text = try? String(contentsOfFile: project.path(relative), encoding: .utf8) else {
            log.error("env_file: cannot read '\(relative)' (paths are relative to the project root); create it or remove env_file", at: node.position)
            return [:]
        }
        let (values, envProblems) = EnvFile.parse(text, file: relative)
        log.append(contentsOf: envProblems)
        return values
    }

    /// `${NAME}` sees the process environment first, then `env_file`, then the top-level `env:`.
    private func topLevelVariables(_ root: Node, envFileValues: [String: String], log: inout DiagnosticLog)
        -> @Sendable (String) -> String? {
        let process = processEnvironment
        var declared: [String: String] = [:]
        // In order, so an entry may use the ones above it; problems are reported by the main pass.
        for entry in root["env"]?.entries ?? [] {
            guard case .scalar(let scalar) = entry.value.value else { continue }
            let known = declared
            let interpolation = Interpolation(variables: { process[$0] ?? envFileValues[$0] ?? known[$0] }, unset: unsetVariable)
            if let literal = interpolation.interpolate(scalar.text).0.literalValue { declared[entry.key] = literal }
        }
        let frozen = declared
        return { process[$0] ?? envFileValues[$0] ?? frozen[$0] }
    }

    private func interpolate(_ node: Node, variables: @escaping (String) -> String?, log: inout DiagnosticLog) -> Node {
        let interpolation = Interpolation(variables: variables, unset: unsetVariable)
        func walk(_ node: Node, path: String) -> Node {
            var result = node
            switch node.value {
            case .scalar(var scalar):
                let (template, problems) = interpolation.interpolate(scalar.text)
                scalar.isBroken = !problems.isEmpty
                for problem in problems {
                    log.error("\(path): \(problem.message)", at: node.position.advanced(by: scalar.textOffset + problem.offset))
                }
                scalar.template = template
                result.value = .scalar(scalar)
            case .sequence(let items):
                result.value = .sequence(items.enumerated().map { walk($0.element, path: "\(path).\($0.offset)") })
            case .mapping(let entries):
                result.value = .mapping(entries.map {
                    Node.Entry(key: $0.key, keyPosition: $0.keyPosition,
                               value: walk($0.value, path: path.isEmpty ? $0.key : "\(path).\($0.key)"))
                })
            }
            return result
        }
        return walk(node, path: "")
    }
}
