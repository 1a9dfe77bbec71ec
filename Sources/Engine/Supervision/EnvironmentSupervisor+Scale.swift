import Foundation
import Manifest

extension EnvironmentSupervisor {
    /// `devenv scale SERVICE=N…`: records each count (`ScaleBook`) and converges to it: new
    /// replicas join the router once they serve; removed ones leave it first, are drained, then stop.
    /// - Throws: `ConvergeError` naming an unknown service or a job, before anything changes.
    public func scale(_ counts: [String: Int]) async throws {
        try scales.record(counts, for: manifest)
        try await converge(to: manifest, baseEnvironment: await units.launchPlan.baseEnvironment)
    }
}
