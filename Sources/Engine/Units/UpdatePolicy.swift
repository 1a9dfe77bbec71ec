import Manifest

/// Whether a service's replicas can be replaced one by one with no request dropped, and whether
/// a change to it in the manifest is rolled out that way. Pure, over the manifest.
enum UpdatePolicy {
    /// Why `service` is replaced in place (stopped, then started) rather than rolled; nil when
    /// it can be rolled.
    static func inPlaceReason(_ service: Manifest.Service, in environment: Environment) -> String? {
        if service.kind == .job { return "\(service.name) is a job: jobs are never rolled" }
        guard let port = service.port else { return "\(service.name) has no port to move to: replaced in place" }
        if case .fixed(let number) = port {
            return "\(service.name) has the fixed port \(number), which two replicas cannot share: replaced in place"
        }
        if let user = directUser(of: service.name, in: environment) {
            return "\(user) uses \(service.name)'s port directly (${services.\(service.name).port}): \(service.name) is replaced in place"
        }
        return nil
    }

    /// Whether a change to `service` in the manifest is rolled out without downtime: `update:
    /// rolling`, or by default where it has a health check and a route.
    static func rollsOnChange(_ service: Manifest.Service, in environment: Environment) -> Bool {
        switch service.update {
        case .recreate?: return false
        case .rolling?: return true
        case nil: return service.health != nil && environment.router?.routes.contains { $0.service == service.name } == true
        }
    }

    /// A service that reaches `name`'s replicas by their own address, not through the router.
    private static func directUser(of name: String, in environment: Environment) -> String? {
        let routed = environment.router?.routes.contains { $0.service == name } == true
        for other in environment.services where other.name != name {
            let direct = other.templates.contains { template in
                template.references.contains {
                    guard case .service(name, let field) = $0 else { return false }
                    return field != .url || !routed
                }
            }
            if direct { return other.name }
        }
        if environment.env.values.contains(where: { $0.references.contains { if case .service(name, _) = $0 { return true } else { return false } } }) {
            return "the environment's env"
        }
        return nil
    }
}
