import ArgumentParser
import Engine

struct Scale: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Change services' numbers of replicas, live.",
        discussion: """
            New replicas join the router once healthy; removed ones leave it first, finish their \
            requests (up to stop_timeout), then stop. The count is kept across down and up until \
            the manifest's own count for the service changes.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "SERVICE=N, e.g. adder=3.")
    var assignments: [String]

    func validate() throws {
        _ = try Self.parse(assignments)
    }

    static func parse(_ assignments: [String]) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let count = Int(parts[1]), count >= 0 else {
                throw ValidationError("'\(assignment)': write SERVICE=N with N a whole number ≥ 0, e.g. adder=3")
            }
            counts[parts[0]] = count
        }
        return counts
    }

    func run() async throws {
        try await Output.run {
            let name = options.environmentName()
            let counts = try Self.parse(assignments)
            let snapshot = try Engine(project: try options.project()).scale(name, replicas: counts)
            for (service, _) in counts.sorted(by: { $0.key < $1.key }) {
                let replicas = snapshot.services.first { $0.name == service }?.replicas.count ?? 0
                print("\(name): \(service) scaled to \(replicas)")
            }
        }
    }
}
