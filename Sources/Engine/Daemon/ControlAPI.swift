import Foundation
import Manifest
import NIOCore
import NIOHTTP1
import State

/// What each control request does: the daemon's side of `up`, `down`, `status` and `restart`.
struct ControlAPI: Sendable {
    let project: Project
    let name: String
    let supervisor: EnvironmentSupervisor
    let state: StateStore
    let shutdown: ShutdownTrigger
    /// The converge a daemon started by `up` begins on its own (`Daemon.run(convergeAtStart:)`);
    /// `POST /up` waits for it, and skips what it already did.
    var firstUp: Task<ConvergeResult, Never>?

    /// What a converge did: its reply, and (when it succeeded) what it converged to.
    struct ConvergeResult: Sendable {
        var response: ControlServer.Response
        var variables: [String: String]
        /// The files it was read from (the `extends` chain, the env_file) and their
        /// `ManifestHash`: while that is unchanged, so is the manifest.
        var source: (files: [String], envFile: String?, hash: String)?
    }

    /// Answers `request` once every change the supervisor recorded is in the state db: a
    /// client reading the db next (`devenv events`) sees what it was told.
    func handle(_ request: ControlServer.Request) async -> ControlServer.Response {
        let response = await route(request)
        await supervisor.flushed()
        return response
    }

    private func route(_ request: ControlServer.Request) async -> ControlServer.Response {
        switch (request.method, request.path) {
        case (.GET, "/ping"):
            return reply(.ok, ControlMessages.Reply(ok: true))
        case (.GET, "/status"):
            return reply(.ok, await supervisor.snapshot())
        case (.POST, "/wait"):
            guard let message = decode(ControlMessages.Wait.self, request.body) else { return badRequest() }
            let (version, snapshot) = await supervisor.status(after: message.version,
                                                             timeout: .milliseconds(min(max(message.timeoutMilliseconds, 0), 5000)))
            return reply(.ok, ControlMessages.Progress(version: version, status: snapshot))
        case (.POST, "/up"):
            guard let message = decode(ControlMessages.Up.self, request.body) else { return badRequest() }
            return await up(variables: message.variables)
        case (.POST, "/down"):
            await supervisor.stopAll()
            await supervisor.flushed()
            supervisor.journal.write("record \(name) as stopped") {
                try $0.updateEnvironment(named: name) {
                    $0.desiredState = .stopped
                    $0.observedState = .stopped
                }
            }
            Task { await shutdown.trigger() }
            return reply(.ok, ControlMessages.Reply(ok: true))
        case (.POST, "/pause"):
            await supervisor.pause(cause: .cli)
            return reply(.ok, ControlMessages.Reply(ok: true))
        case (.POST, "/resume"):
            await supervisor.resume(cause: .cli)
            return reply(.ok, ControlMessages.Reply(ok: true))
        case (.POST, "/sleep"):
            await supervisor.sleep(cause: .cli)
            return reply(.ok, ControlMessages.Reply(ok: true))
        case (.POST, "/wake"):
            await supervisor.wake(cause: .cli)
            return reply(.ok, ControlMessages.Reply(ok: true))
        case (.POST, "/restart"):
            guard let message = decode(ControlMessages.Restart.self, request.body) else { return badRequest() }
            do {
                let lines = try await supervisor.restart(services: message.services, rolling: message.rolling)
                return reply(.ok, ControlMessages.Reply(ok: true, notes: lines))
            } catch {
                return reply(.conflict, ControlMessages.Reply(ok: false, error: "\(error)"))
            }
        case (.POST, "/scale"):
            guard let message = decode(ControlMessages.Scale.self, request.body) else { return badRequest() }
            do {
                try await supervisor.scale(message.replicas)
                return reply(.ok, ControlMessages.Reply(ok: true))
            } catch {
                return reply(.conflict, ControlMessages.Reply(ok: false, error: "\(error)"))
            }
        case (.POST, "/seed"):
            guard let message = decode(ControlMessages.Seed.self, request.body) else { return badRequest() }
            do {
                let manifest = try ManifestLoader(project: project, processEnvironment: message.variables).load(name)
                return reply(.ok, ControlMessages.Lines(lines: try await supervisor.seed(reset: message.reset, as: manifest.postgres)))
            } catch {
                return reply(.conflict, ControlMessages.Reply(ok: false, error: "\(error)"))
            }
        case (.POST, "/url"):
            guard let message = decode(ControlMessages.DatabaseURL.self, request.body) else { return badRequest() }
            do {
                return reply(.ok, ControlMessages.Lines(lines: [try await supervisor.databaseURL(message.database)]))
            } catch {
                return reply(.notFound, ControlMessages.Reply(ok: false, error: "\(error)"))
            }
        default:
            return reply(.notFound, ControlMessages.Reply(ok: false, error: "no such control request: \(request.method) \(request.path)"))
        }
    }

    /// `POST /up`: after the daemon's own first converge, if any, the same manifest and
    /// variables converge to nothing new, so only a change is converged again.
    private func up(variables: [String: String]) async -> ControlServer.Response {
        await supervisor.wake(cause: .cli)  // a manual up brings a paused or sleeping environment back
        if let first = await firstUp?.value, first.variables == variables, let source = first.source,
           ManifestHash.of(source.files, envFile: source.envFile, in: project) == source.hash {
            return first.response  // nothing to read again: the same files with the same variables
        }
        return await converge(variables: variables).response
    }

    /// Loads the manifest with `variables` (unless `loaded` is that already) and brings the
    /// environment to it.
    func converge(variables: [String: String], loaded: Result<Environment, any Error>? = nil) async -> ConvergeResult {
        let environment: Environment
        do {
            environment = try loaded?.get() ?? ManifestLoader(project: project, processEnvironment: variables).load(name)
        } catch {
            return failure(.badRequest, "\(error)", variables)
        }
        let notes: [String]
        do {
            notes = try await supervisor.converge(to: environment, baseEnvironment: variables)
        } catch {
            return failure(.conflict, "\(error)", variables)
        }
        let hash = ManifestHash.of(environment.files, envFile: environment.envFile, in: project)
        supervisor.journal.write("record the converge of \(name)") {
            try $0.updateEnvironment(named: name) {
                $0.desiredState = .running
                $0.manifestHash = hash
            }
            try $0.appendEvent(environment: name, kind: "up", message: "converging to \(environment.files.joined(separator: " + "))")
        }
        return ConvergeResult(response: reply(.ok, ControlMessages.Reply(ok: true, notes: notes.isEmpty ? nil : notes)), variables: variables,
                              source: (environment.files, environment.envFile, hash))
    }

    private func failure(_ status: HTTPResponseStatus, _ error: String, _ variables: [String: String]) -> ConvergeResult {
        ConvergeResult(response: reply(status, ControlMessages.Reply(ok: false, error: error)), variables: variables,
                       source: nil)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ body: ByteBuffer) -> T? {
        try? JSONDecoder().decode(type, from: Data(body.readableBytesView))
    }

    private func badRequest() -> ControlServer.Response {
        reply(.badRequest, ControlMessages.Reply(ok: false, error: "the request body is not valid JSON"))
    }

    private func reply(_ status: HTTPResponseStatus, _ value: some Encodable) -> ControlServer.Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ControlServer.Response(status: status, body: (try? encoder.encode(value)) ?? Data())
    }
}

/// A short digest of what an environment was brought up from, to tell whether it changed: the
/// bytes of its manifest files (the `extends` chain) and of its env_file. Cheap: no rendering of
/// the model, and no reading of it either.
enum ManifestHash {
    /// Over `files` and `envFile`, relative to the project root; a missing one counts as such.
    static func of(_ files: [String], envFile: String?, in project: Project) -> String {
        var hasher = FNV1a()
        for file in files + (envFile.map { [$0] } ?? []) {
            hasher.add(file)
            if let data = FileManager.default.contents(atPath: project.path(file)) {
                hasher.add(bytes: data)
            } else {
                hasher.add("\u{0}missing")
            }
        }
        return String(hasher.value, radix: 16)
    }

    struct FNV1a {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        mutating func add(_ text: String) {
            add(bytes: text.utf8)
        }

        mutating func add(bytes: some Sequence<UInt8>) {
            for byte in bytes {
                value ^= UInt64(byte)
                value = value &* 0x100_0000_01b3
            }
        }
    }
}
