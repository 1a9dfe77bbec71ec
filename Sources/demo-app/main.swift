// demo-app: the demo stack's services, one per invocation: `demo-app <home|adder|display|reset>`.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["--help"] || arguments == ["-h"] {
    print(Invocation.usage)
    exit(0)
}

let invocation: Invocation
do {
    invocation = try Invocation(arguments: arguments, environment: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("demo-app: \(error)\n".utf8))
    exit(2)
}

let log = Log(level: invocation.logLevel, label: "demo-app \(invocation.role.rawValue)")

/// The table, over a pool opened for `database`.
func values(_ database: DatabasePool.Configuration) -> ValuesTable {
    log.notice("database \(database.url.redacted) (at most \(database.size) connections, opened on first use)")
    return ValuesTable(pool: DatabasePool(database))
}

let service: any DemoService
switch invocation.service {
case .home(let routerURL): service = HomeService(routerURL: routerURL)
case .adder(let database): service = AdderService(values: values(database))
case .display(let database): service = DisplayService(values: values(database))
case .reset(let database): service = ResetService(values: values(database))
}

do {
    try await HTTPServer(configuration: invocation.server, service: service, log: log).run()
} catch {
    log.error("cannot serve on \(invocation.server.host):\(invocation.server.port): \(error)")
    exit(1)
}
log.notice("stopped")
exit(0)
