import Foundation
import Manifest

/// Changes how many replicas a unit has while it runs: new ones on ports nothing of the
/// environment holds, started if the unit has; the ones over the count retired (`Retirement`).
struct Resizing {
    let units: UnitEngine

    /// Scales `service` to its count; new replicas take `ports` where given, else free ones.
    func resize(_ service: Manifest.Service, ports: [Int?]) async {
        guard let unit = await units.unit(service.name), unit.replicas.count != service.replicas else { return }
        if service.replicas < unit.replicas.count {
            let leaving = unit.replicas[service.replicas...].map(\.key)
            await Retirement(units: units, set: unit.set).retire(leaving, drainingFor: service.stopTimeout)
            units.journal.record("scaled", service: service.name, "\(service.name) scaled down to \(service.replicas)")
        } else {
            var taken = await units.takenPorts
            let placements = (unit.replicas.count..<service.replicas).map { index in
                let port = service.port == nil ? nil : ports[safe: index] ?? PortAllocator.freePort(avoiding: taken)
                if let port { taken.insert(port) }
                return (index: index, port: port)
            }
            let added = await unit.set.add(placements).added
            units.journal.record("scaled", service: service.name, "\(service.name) scaled up to \(service.replicas)")
            if await units.unit(service.name)?.started == true {
                for slot in added { await slot.runner.start() }
            }
        }
    }

    /// A new replica of `name` at its lowest free index, on a free port, not yet started.
    func addReplica(to name: String) async -> ReplicaSlot? {
        guard let unit = await units.unit(name) else { return nil }
        let used = Set(unit.replicas.map(\.key.index))
        let index = (0...).first { !used.contains($0) } ?? unit.replicas.count
        let port = unit.service.port == nil ? nil : PortAllocator.freePort(avoiding: await units.takenPorts)
        return await unit.set.add([(index: index, port: port)]).added.first
    }
}
