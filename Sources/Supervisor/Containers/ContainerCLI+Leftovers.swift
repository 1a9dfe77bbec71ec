/// A container labelled as one of an environment's, found by its labels.
public struct LabelledContainer: Sendable, Hashable {
    public var id: String
    public var name: String
}

extension ContainerCLI {
    /// Every container, running or not, labelled `devenv.root=root` and `devenv.env=environment`:
    /// what a killed daemon left, or what runs now.
    /// - Throws: ``RuntimeError`` `noContainerRuntime` with the tool's message when it cannot list.
    public func containers(root: String, environment: String) async throws -> [LabelledContainer] {
        let output = await run([
            "ps", "--all", "--no-trunc",
            "--filter", "label=\(ContainerLabels.rootKey)=\(root)",
            "--filter", "label=\(ContainerLabels.environmentKey)=\(environment)",
            "--format", "{{.ID}} {{.Names}}",
        ])
        guard output.succeeded else {
            throw RuntimeError(code: .noContainerRuntime,
                               message: "\(kind) cannot list the containers of environment '\(environment)': \(output.failure)")
        }
        return output.lines.map { line in
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            return LabelledContainer(id: parts[0], name: parts.count > 1 ? parts[1] : parts[0])
        }
    }

    /// Removes at once (killing what runs) every container of the environment: at a daemon's
    /// start, before it runs anything, so what an old daemon left never runs beside what the new
    /// one starts; and at `down`, after everything stopped.
    /// - Returns: what was removed.
    /// - Throws: ``RuntimeError`` `noContainerRuntime` with the tool's message when it cannot
    ///   list or remove them.
    @discardableResult
    public func removeContainers(root: String, environment: String) async throws -> [LabelledContainer] {
        let found = try await containers(root: root, environment: environment)
        guard !found.isEmpty else { return [] }
        let output = await run(forceRemoveArguments(found.map(\.id)))
        if !output.succeeded {
            // One may have gone by itself meanwhile (a --rm container that ended): only what is
            // still there is a failure.
            let left = try await containers(root: root, environment: environment)
            if !left.isEmpty {
                throw RuntimeError(code: .noContainerRuntime,
                                   message: "\(kind) cannot remove the containers \(left.map(\.name).joined(separator: ", ")) "
                                       + "of environment '\(environment)': \(output.failure)")
            }
        }
        return found
    }
}
