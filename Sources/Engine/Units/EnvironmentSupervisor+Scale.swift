import Foundation
import Manifest
import State

extension EnvironmentSupervisor {
    /// `devenv scale SERVICE=N…`: records each count (kept across `down`/`up` until the
    /// manifest's own count changes) and converges to it: new replicas join the router once
    /// they serve; removed ones leave it first, are drained, then stop.
    /// - Throws: `ConvergeError` naming an unknown service or a job, before anything changes.
    public func scale(_ counts: [String: Int]) async throws {
        for (service, count) in counts.sorted(by: { $0.key < $1.key }) {
            guard let declared = manifest.service(named: service) else {
                throw ConvergeError("no service '\(service)' in \(name)" + ConvergeError.known(manifest.services.map(\.name)))
            }
            if declared.kind == .job { throw ConvergeError("\(service) is a job: only services are scaled") }
            guard (0...1000).contains(count) else { throw ConvergeError("\(service)=\(count): a count from 0 to 1000") }
        }
        do {
            for (service, count) in counts {
                let declared = manifest.service(named: service)?.replicas ?? 0
                if count == declared {
                    try state.deleteScale(environment: name, service: service)
                } else {
                    try state.saveScale(ScaleRecord(environment: name, service: service, replicas: count, manifestReplicas: declared))
                }
            }
        } catch {
            throw ConvergeError("cannot record the scale in the state db: \(error)")
        }
        try await converge(to: manifest, baseEnvironment: baseEnvironment)
    }

    /// `manifest` with each service scaled by `devenv scale` at its scaled count, while the
    /// manifest's own count is still the one it was scaled from; a scale whose manifest count
    /// changed since is forgotten.
    func applyingScale(to manifest: Environment) -> Environment {
        let scales = (try? state.scales(environment: name)) ?? []
        var scaled = manifest
        for scale in scales {
            guard let position = scaled.services.firstIndex(where: { $0.name == scale.service }),
                  scaled.services[position].replicas == scale.manifestReplicas else {
                journal.write("forget the scale of \(scale.service): the manifest's count changed") {
                    try $0.deleteScale(environment: self.name, service: scale.service)
                }
                continue
            }
            scaled.services[position].replicas = scale.replicas
        }
        return scaled
    }
}
