import Foundation
import Supervisor

extension UnitEngine {
    /// The live status, in the contract's shape.
    func snapshot() -> StatusSnapshot {
        let shims = graph.units.values.flatMap { $0.replicas.compactMap(\.view.status.pid) }
        return StatusSnapshot(units: graph, asleep: asleep, plan: launchPlan, stateErrors: journal.failures,
                              pids: ContainerSetup.ownProcesses(underShims: shims, runtime: runtime))
    }
}
