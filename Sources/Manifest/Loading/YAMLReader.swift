import Yams

/// Reads YAML text into positioned `Node`s. The first step of the loading pipeline.
enum YAMLReader {
    /// Parses one YAML document. An empty document is an empty mapping.
    static func read(_ text: String, file: String) -> Result<Node, Diagnostic> {
        let start = SourcePosition(file: file, line: 1, column: 1)
        do {
            // No implicit tag resolution: the decoder types every scalar itself, and Yams' resolver
            // would compile a dozen regular expressions on every start.
            guard let root = try Yams.compose(yaml: text, .basic) else {
                return .success(Node(value: .mapping([]), position: start))
            }
            var log = DiagnosticLog()
            let node = convert(root, file: file, log: &log)
            if let first = log.diagnostics.first { return .failure(first) }
            return .success(node)
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, file: file))
        } catch {
            return .failure(Diagnostic("cannot parse YAML: \(error)", at: start))
        }
    }

    private static func position(_ mark: Mark?, file: String) -> SourcePosition {
        SourcePosition(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private static func convert(_ node: Yams.Node, file: String, log: inout DiagnosticLog) -> Node {
        switch node {
        case .scalar(let scalar):
            let plain = scalar.style == .plain || scalar.style == .any
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            return Node(
                value: .scalar(.init(text: scalar.string, isPlain: plain, textOffset: quoted ? 1 : 0)),
                position: position(scalar.mark, file: file))
        case .sequence(let sequence):
            let items = sequence.map { convert($0, file: file, log: &log) }
            return Node(value: .sequence(items), position: position(sequence.mark, file: file))
        case .mapping(let mapping):
            var entries: [Node.Entry] = []
            var seen: [String: SourcePosition] = [:]
            for (key, value) in mapping {
                let keyPosition = position(key.mark, file: file)
                guard case .scalar(let keyScalar) = key else {
                    log.error("a key must be a plain name, not a list or mapping", at: keyPosition)
                    continue
                }
                let name = keyScalar.string
                if let first = seen[name] {
                    log.error("duplicate key '\(name)' (first set at line \(first.line))", at: keyPosition)
                    continue
                }
                seen[name] = keyPosition
                entries.append(.init(key: name, keyPosition: keyPosition,
                                     value: convert(value, file: file, log: &log)))
            }
            return Node(value: .mapping(entries), position: position(mapping.mark, file: file))
        case .alias(let alias):
            let at = position(alias.mark, file: file)
            log.error("YAML aliases (*name) are not supported in manifests; write the value out", at: at)
            return Node(value: .scalar(.init(text: "", isPlain: true, textOffset: 0)), position: at)
        }
    }

    private static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return Diagnostic("invalid YAML: \(detail)", at: position(mark, file: file))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let first = position(context.mark, file: file)
            let second = secondOccurrence(of: key, after: first, in: context.text) ?? first
            return Diagnostic("duplicate key '\(key)' (first set at line \(first.line)): remove one of them", at: second)
        case .reader(let problem, _, _, _):
            return Diagnostic("cannot read the file: \(problem)", at: position(nil, file: file))
        default:
            return Diagnostic("invalid YAML: \(error)", at: position(nil, file: file))
        }
    }

    /// Yams reports a duplicate key at its first occurrence; the mistake is usually the second.
    private static func secondOccurrence(of key: String, after first: SourcePosition, in text: String) -> SourcePosition? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line <= lines.count else { return nil }
        let indent = first.column - 1
        for number in first.line..<lines.count {
            let line = lines[number]
            guard line.count > indent else { continue }
            let rest = line.dropFirst(indent)
            if line.prefix(indent).allSatisfy({ $0 == " " || $0 == "-" }), rest.hasPrefix(key),
               rest.dropFirst(key.count).drop(while: { $0 == " " }).hasPrefix(":") {
                return SourcePosition(file: first.file, line: number + 1, column: first.column)
            }
        }
        return nil
    }
}
