import Foundation

/// A Procfile (`name: command` a line) as a devenv manifest: each process a service run by
/// `/bin/sh -c`; one that reads `$PORT` (and `web`, which must) gets `port: auto`; `release`
/// is a job the others wait for, as on Heroku. `${…}` in a command is kept for the shell.
public struct ProcfileImport: Sendable {
    public var text: String
    /// Its name, for messages: `Procfile`.
    public var file: String

    public init(text: String, file: String) {
        self.text = text
        self.file = file
    }

    /// - Throws: `ExportError` when no line is a process.
    public func manifest() throws(ExportError) -> ImportResult {
        var processes: [(name: String, command: String)] = [], notes: [String] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":"),
                  case let name = line[..<colon].trimmingCharacters(in: .whitespaces), !name.isEmpty,
                  name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                notes.append("\(file):\(number + 1): not a 'name: command' line (not converted)")
                continue
            }
            let command = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            processes.append((name, command))
        }
        guard !processes.isEmpty else {
            throw ExportError(.unreadableSource, "no processes: a Procfile has 'name: command' lines", file: file)
        }
        let hasRelease = processes.contains { $0.name == "release" }
        var entries: [YAMLValue.Entry] = []
        for process in processes {
            let service = ComposeService.manifestName(process.name)
            if service != process.name { notes.append("\(file): \(process.name) renamed \(service) (manifest names are lowercase letters, digits, '-' and '_')") }
            let readsPort = process.command.contains("$PORT") || process.command.contains("${PORT")
            let isRelease = process.name == "release"
            entries.append(.init(service, [
                "kind": isRelease ? "job" : nil,
                // A literal `${` for the shell: the manifest would read `${NAME}` itself.
                "command": .string(process.command.replacingOccurrences(of: "${", with: "$${")),
                "port": readsPort || process.name == "web" ? "auto" : nil,
                "depends_on": hasRelease && !isRelease ? ["release": "completed"] : nil,
            ]))
        }
        let header = ["Imported by devenv init from \(file). Check it with: devenv validate dev"]
        return ImportResult(manifest: YAMLDocument(["services": .map(entries)], comment: header).text, notConverted: notes)
    }
}
