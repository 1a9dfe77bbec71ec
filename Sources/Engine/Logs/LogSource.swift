/// One stream of log lines: a replica's output (`adder.0`) or the router's access log (`router`).
public struct LogSource: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// `<service>.<n>.log`: lines are `<UTC timestamp> <text>`.
        case replica(index: Int)
        /// `router.access.log`: one JSON object per line, its time in the `"time"` field.
        case access
    }

    /// The service the lines belong to (`router` for the access log).
    public var service: String
    public var kind: Kind
    /// The current (newest) file; rotated ones are `path.1`, `path.2`, … , older as the number grows.
    public var path: String

    public init(service: String, kind: Kind, path: String) {
        self.service = service
        self.kind = kind
        self.path = path
    }

    /// What the output shows before each line: `adder.0`, or `router`.
    public var prefix: String {
        switch kind {
        case .replica(let index): "\(service).\(index)"
        case .access: service
        }
    }

    /// The file name of the current log, e.g. `adder.0.log`.
    public var fileName: String {
        switch kind {
        case .replica(let index): "\(service).\(index).log"
        case .access: "\(service).access.log"
        }
    }

    /// The file of rotation `generation`: 0 is the current file, 1 the one before, …
    func path(generation: Int) -> String {
        generation == 0 ? path : "\(path).\(generation)"
    }

    /// Whether `fileName` is this source's current file or one of its rotated ones.
    func owns(fileName: String) -> Bool {
        let own = self.fileName
        guard fileName.hasPrefix(own) else { return false }
        let rest = fileName.dropFirst(own.count)
        return rest.isEmpty || (rest.count > 1 && rest.first == "." && rest.dropFirst().allSatisfy(\.isASCIIDigit))
    }

    /// The source a file name in the logs directory belongs to (rotated files included), if any.
    static func parse(fileName: String, directory: String) -> LogSource? {
        var name = Substring(fileName)
        if let dot = name.lastIndex(of: "."), dot != name.startIndex,
           name[name.index(after: dot)...].allSatisfy(\.isASCIIDigit), name.index(after: dot) != name.endIndex {
            name = name[..<dot]  // a rotation suffix: `.1`, `.2`, …
        }
        guard name.hasSuffix(".log") else { return nil }
        name = name.dropLast(4)
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        if name == "router.access" {
            return LogSource(service: "router", kind: .access, path: base + "router.access.log")
        }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let digits = name[name.index(after: dot)...]
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCIIDigit), let index = Int(digits) else { return nil }
        let service = String(name[..<dot])
        return LogSource(service: service, kind: .replica(index: index), path: base + "\(service).\(index).log")
    }
}

extension LogSource: Comparable {
    /// Services by name, replicas by index, the access log after its service's replicas.
    public static func < (a: LogSource, b: LogSource) -> Bool {
        if a.service != b.service { return a.service < b.service }
        switch (a.kind, b.kind) {
        case (.replica(let x), .replica(let y)): return x < y
        case (.replica, .access): return true
        case (.access, _): return false
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
