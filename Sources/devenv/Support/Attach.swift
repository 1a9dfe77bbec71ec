import Dispatch
import Engine
import Foundation
import Manifest

#if canImport(Glibc)
import Glibc
#endif

/// `up --attach`: stays in the foreground until Ctrl-C (or SIGTERM), then brings the environment down.
struct Attach {
    let project: Project
    let environment: String

    func run() async throws {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        print("attached to \(environment): Ctrl-C brings it down")
        for await _ in stream { break }
        sources.forEach { $0.cancel() }
        print("\nbringing \(environment) down…")
        try await Engine(project: project).down(environment, purge: false)
        print("\(environment): stopped")
    }
}
