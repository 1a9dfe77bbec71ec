import Foundation
import Manifest

extension EnvironmentSupervisor {
    /// `devenv restart [SERVICE…] [--rolling]`: each service in turn; rolled where it can be
    /// (`RollingRestart`), and else replaced in place with a line saying why.
    /// - Returns: what was done, one line per service.
    public func restart(services: [String], rolling: Bool) async throws -> [String] {
        let order = await units.unitNames
        let names = services.isEmpty ? order : services
        for name in names where !order.contains(name) {
            throw ConvergeError("no service '\(name)' in \(self.name)" + ConvergeError.known(order))
        }
        guard rolling else {
            await units.restartInPlace(Set(names))
            let what = services.isEmpty ? "every service" : names.joined(separator: ", ")
            record("restart", service: services.count == 1 ? services.first : nil, "restarting \(what)")
            return ["restarted \(what)"]
        }
        var lines: [String] = []
        for name in names {
            guard let unit = await units.unit(name) else { continue }
            if let reason = UpdatePolicy.inPlaceReason(unit.service, in: environment) ?? (unit.started ? nil : "\(name) has not started") {
                record("restart", service: name, reason)
                await units.restartInPlace([name])
                lines.append(reason)
            } else {
                try await RollingRestart(units: units, name: name).run()
                lines.append("\(name): rolled, one replica at a time")
            }
        }
        return lines
    }
}
