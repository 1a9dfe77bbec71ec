import Foundation
import Manifest
import State
import Supervisor
import Vocabulary

extension Engine {
    /// The live status of `name`: from its daemon when one lives, else from the state db, with
    /// every replica whose process is gone shown as no longer running.
    public func status(_ name: String) throws -> StatusSnapshot {
        try requireKnown(name)
        if let client = livingDaemon(name) {
            return try Self.decode(StatusSnapshot.self, from: try client.request("GET", "/status"))
        }
        guard let state = try Workspace(project: project).existingState() else {
            return StatusSnapshot(environment: name, state: EnvironmentState.stopped.rawValue)
        }
        let manifest = try? ManifestLoader(project: project).load(name)
        let replicas = try state.replicas(environment: name)
        var services: [StatusSnapshot.ServiceEntry] = []
        let own = ServiceProcess.pids(underShims: replicas.compactMap(\.pid))
        for record in replicas {
            let alive = record.pid.flatMap { pid in record.startTime.map { ProcessIdentity.isAlive(pid: pid, startTime: UInt64($0)) } } ?? false
            let active = [ReplicaState.starting, .running, .paused].contains(record.state)
            let entry = StatusSnapshot.ReplicaEntry(
                index: record.index, pid: alive ? record.pid.flatMap { own[$0] } : nil, port: record.port,
                state: active && !alive ? ReplicaState.stopped.rawValue : record.state.rawValue,
                health: alive ? record.health.rawValue : Health.unknown.rawValue,
                restarts: record.restarts, lastExit: record.lastExit)
            if let position = services.firstIndex(where: { $0.name == record.service }) {
                services[position].replicas.append(entry)
            } else {
                let kind = manifest?.service(named: record.service)?.kind.rawValue ?? "service"
                services.append(.init(name: record.service, kind: kind, replicas: [entry], error: nil))
            }
        }
        let order = manifest?.services.map(\.name) ?? []
        services.sort { (order.firstIndex(of: $0.name) ?? .max, $0.name) < (order.firstIndex(of: $1.name) ?? .max, $1.name) }
        let record = try state.environment(named: name)
        let router = record?.routerPort.map { StatusSnapshot.RouterStatus(url: "http://\(manifest?.router?.host ?? "127.0.0.1"):\($0)") }
        return StatusSnapshot(environment: name, state: EnvironmentState.stopped.rawValue, router: router, postgres: nil, services: services)
    }
}
