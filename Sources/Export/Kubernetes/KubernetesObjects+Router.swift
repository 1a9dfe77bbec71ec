import Manifest

extension KubernetesObjects {
    /// An Ingress per route, for ingress-nginx. `strip_prefix` is a regex path with
    /// `rewrite-target` and `x-forwarded-prefix`; where any route strips, every route's path is
    /// written as a regex with the same segment boundary (ingress-nginx reads every path of a host
    /// as a regex once one is). Basic auth is `auth-type: basic` with its users in a Secret.
    mutating func addRouter(_ router: RouterSpec) {
        let regex = router.routes.contains { $0.stripPrefix }
        for route in router.routes {
            let name = "route-\(KubernetesNames.route(route.path))"
            var annotations: [String: YAMLValue] = [:]
            let prefix = route.path == "/" ? "" : route.path
            var path = route.path
            if regex {
                annotations["nginx.ingress.kubernetes.io/use-regex"] = "true"
                path = "\(prefix)(/|$)(.*)"
            }
            if route.stripPrefix {
                annotations["nginx.ingress.kubernetes.io/rewrite-target"] = "/$2"
                annotations["nginx.ingress.kubernetes.io/x-forwarded-prefix"] = .string(route.path)
            }
            if let auth = route.auth {
                let secret = "\(name)-auth"
                annotations["nginx.ingress.kubernetes.io/auth-type"] = "basic"
                annotations["nginx.ingress.kubernetes.io/auth-secret"] = .string(secret)
                annotations["nginx.ingress.kubernetes.io/auth-realm"] = .string("\(environment.name) \(route.path)")
                addAuthSecret(secret, auth: auth, route: route)
            }
            let port = environment.service(named: route.service).flatMap(ServicePorts.port(of:)) ?? ServicePorts.auto
            let backend: YAMLValue = ["service": ["name": .string(KubernetesNames.label(route.service)), "port": ["number": .int(port)]]]
            add([
                "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                "metadata": metadata(name, component: "router", annotations: annotations),
                "spec": [
                    "ingressClassName": .string(options.ingressClass),
                    "rules": [["http": ["paths": [[
                        "path": .string(path), "pathType": regex ? "ImplementationSpecific" : "Prefix", "backend": backend,
                    ]]]]],
                ],
            ])
        }
    }

    /// The route's users as ingress-nginx reads them (`auth`: htpasswd lines). A password the
    /// manifest reads from the environment is a placeholder: the exporter never copies it.
    private mutating func addAuthSecret(_ name: String, auth: BasicAuth, route: Route) {
        let variables = UnsetVariable.names(in: auth.password)
        let password = variables.isEmpty ? auth.password : "TODO-set-\(variables.joined(separator: "-"))"
        addSecret(name, ["auth": "\(auth.user):{PLAIN}\(password)"], comment: [
            "Basic auth for \(route.path), read by ingress-nginx. {PLAIN} keeps the password as it is:",
            "better, replace the line with a hashed one: htpasswd -nbB \(auth.user) PASSWORD",
        ])
        if !variables.isEmpty {
            warnings.append("router.routes \(route.path): the basic-auth password comes from \(variables.joined(separator: ", ")); secret-\(name).yaml holds a placeholder: set it before applying")
        }
    }
}
