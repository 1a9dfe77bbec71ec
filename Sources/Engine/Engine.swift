import Foundation
import Manifest
import State

/// The lifecycle commands over one project: `up`, `down`, `status`, `restart`. The CLI calls these
/// and prints; the daemon does the work.
public struct Engine: Sendable {
    public let project: Project

    public init(project: Project) {
        self.project = project
    }

    func paths(_ name: String) -> DaemonPaths {
        DaemonPaths(project: project, environment: name)
    }

    func openState() throws -> StateStore {
        try StateStore(path: project.stateDatabase)
    }

    /// The living daemon's client, or nil.
    func livingDaemon(_ name: String) -> ControlClient? {
        let client = ControlClient(socketPath: paths(name).controlSocket)
        return client.isAnswering() ? client : nil
    }

    static func decode<T: Decodable>(_ type: T.Type, from response: ControlClient.Response) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: response.body)
        } catch {
            throw EngineError("the daemon answered \(response.status) with something unexpected: \(String(decoding: response.body, as: UTF8.self))")
        }
    }

    /// Throws the daemon's error message unless the response is a success.
    /// - Returns: the reply's notes.
    @discardableResult
    static func check(_ response: ControlClient.Response) throws -> [String] {
        let reply = try? JSONDecoder().decode(ControlMessages.Reply.self, from: response.body)
        guard (200..<300).contains(response.status) else {
            throw EngineError(reply?.error ?? "the daemon answered \(response.status)")
        }
        return reply?.notes ?? []
    }

    static func encode(_ value: some Encodable) -> Data {
        (try? JSONEncoder().encode(value)) ?? Data()
    }
}
