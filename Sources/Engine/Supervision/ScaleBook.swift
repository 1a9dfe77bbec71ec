import Foundation
import Manifest
import State

/// The counts `devenv scale` set, kept in the state db across `down`/`up` until the manifest's own
/// count changes.
struct ScaleBook: Sendable {
    let state: StateStore
    let journal: StateJournal
    let environment: String

    /// Records each count (a count equal to the manifest's forgets the scale).
    /// - Throws: `ConvergeError` naming an unknown service, a job or a count out of range, before
    ///   anything is recorded; or when the state db refuses the write.
    func record(_ counts: [String: Int], for manifest: Environment) throws {
        for (service, count) in counts.sorted(by: { $0.key < $1.key }) {
            guard let declared = manifest.service(named: service) else {
                throw ConvergeError("no service '\(service)' in \(environment)" + ConvergeError.known(manifest.services.map(\.name)))
            }
            if declared.kind == .job { throw ConvergeError("\(service) is a job: only services are scaled") }
            guard (0...1000).contains(count) else { throw ConvergeError("\(service)=\(count): a count from 0 to 1000") }
        }
        do {
            for (service, count) in counts {
                let declared = manifest.service(named: service)?.replicas ?? 0
                if count == declared {
                    try state.deleteScale(environment: environment, service: service)
                } else {
                    try state.saveScale(ScaleRecord(environment: environment, service: service, replicas: count,
                                                    manifestReplicas: declared))
                }
            }
        } catch {
            throw ConvergeError("cannot record the scale in the state db: \(error)")
        }
    }

    /// `manifest` with each service scaled by `devenv scale` at its scaled count, while the
    /// manifest's own count is still the one it was scaled from; a scale whose manifest count
    /// changed since is forgotten.
    func applied(to manifest: Environment) -> Environment {
        let scales = (try? state.scales(environment: environment)) ?? []
        var scaled = manifest
        for scale in scales {
            guard let position = scaled.services.firstIndex(where: { $0.name == scale.service }),
                  scaled.services[position].replicas == scale.manifestReplicas else {
                journal.write("forget the scale of \(scale.service): the manifest's count changed") {
                    try $0.deleteScale(environment: self.environment, service: scale.service)
                }
                continue
            }
            scaled.services[position].replicas = scale.replicas
        }
        return scaled
    }
}
