import Export
import Foundation
import Manifest
import Testing
import Yams

@Suite struct KubernetesExportTests {
    @Test(arguments: Demo.environments)
    func demoMatchesGolden(_ name: String) throws {
        try Golden.check(Demo.joined(try Demo.kubernetes(name)), "k8s/\(name).yaml")
    }

    @Test func downscalerMatchesGolden() throws {
        try Golden.check(Demo.joined(try Demo.kubernetes("staging", schedule: .kubeDownscaler)), "k8s/staging-kube-downscaler.yaml")
    }

    @Test(arguments: Demo.environments)
    func everyDocumentValidatesStrictly(_ name: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try Demo.kubernetes(name)
        try scratch.write(result.files)
        try PythonTools.validateKubernetes(result.files.map { scratch.path + "/" + $0.path })
    }

    @Test func exportIsDeterministic() throws {
        #expect(try Demo.kubernetes("prod") == Demo.kubernetes("prod"))
    }

    @Test func aServiceWithoutAnImageIsAnErrorNamingIt() throws {
        let environment = try Demo.environment("dev")
        var images = Demo.images(environment)
        images["adder"] = nil
        images["reset"] = nil
        #expect {
            try KubernetesExport(environment: environment, seedFiles: Demo.seedFiles(environment), options: .init(images: images)).export()
        } throws: { error in
            let error = error as? ExportError
            return error?.code == .missingImage && error!.message.contains("services adder, reset have no image")
        }
    }

    @Test func anImageForNoServiceIsAnError() throws {
        let environment = try Demo.environment("scaled-down")
        var images = Demo.images(environment)
        images["reset"] = "registry.example/demo:1"
        #expect(throws: ExportError.self) {
            try KubernetesExport(environment: environment, seedFiles: Demo.seedFiles(environment), options: .init(images: images)).export()
        }
    }

    /// No password or database URL outside a Secret; every `${postgres…url}` is a secretKeyRef.
    @Test(arguments: Demo.environments)
    func passwordsLiveOnlyInSecrets(_ name: String) throws {
        for file in try Demo.kubernetes(name).files where !file.path.hasPrefix("secret-") {
            #expect(!file.contents.contains("TODO-replace-me"), "\(file.path) holds a password")
            #expect(!file.contents.contains("postgresql://"), "\(file.path) holds a database URL")
        }
        let adder = try #require(try Demo.kubernetes(name).files.first { $0.path == "deployment-adder.yaml" })
        let node = try #require(try Yams.load(yaml: adder.contents) as? [String: Any])
        let spec = ((node["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any]
        let env = ((spec?["containers"] as? [[String: Any]])?.first?["env"] as? [[String: Any]]) ?? []
        let url = try #require(env.first { $0["name"] as? String == "DATABASE_URL" })
        let reference = (url["valueFrom"] as? [String: Any])?["secretKeyRef"] as? [String: String]
        #expect(reference == ["name": "postgres-app", "key": "url"])
    }

    @Test func theAdminPasswordIsAPlaceholderNotTheShellsValue() throws {
        let result = try Demo.kubernetes("prod")
        let auth = try #require(result.files.first { $0.path == "secret-route-reset-auth.yaml" })
        #expect(auth.contents.contains("admin:{PLAIN}TODO-set-ADMIN_PASSWORD"))
        #expect(result.warnings.contains { $0.contains("ADMIN_PASSWORD") })
    }

    @Test func stagingSleepsWithCronJobsAndTheirRole() throws {
        let paths = try Demo.kubernetes("staging").files.map(\.path)
        for expected in ["cronjob-schedule-awake-0-start.yaml", "cronjob-schedule-awake-0-end.yaml", "serviceaccount-devenv-schedule.yaml",
                         "role-devenv-schedule.yaml", "rolebinding-devenv-schedule.yaml"] {
            #expect(paths.contains(expected))
        }
        let downscaled = try Demo.kubernetes("staging", schedule: .kubeDownscaler)
        #expect(!downscaled.files.contains { $0.path.hasPrefix("cronjob-") })
        let home = try #require(downscaled.files.first { $0.path == "deployment-home.yaml" })
        #expect(home.contents.contains("downscaler/uptime: Mon-Fri 07:00-20:00 Europe/Oslo"))
    }

    @Test func unsetVariablesAndStopSignalsAreCarried() throws {
        var environment = Environment(name: "x", files: ["environments/x.yaml"])
        environment.services = [Service(name: "api", command: .shell("serve --port $PORT"), port: .auto,
                                        env: ["TOKEN": Template(literal: UnsetVariable.marker("API_TOKEN")),
                                              "GREETING": Template(literal: "hi $(whoami)")],
                                        stopSignal: "INT", image: "api:1")]
        let result = try KubernetesExport(environment: environment).export()
        let deployment = try #require(result.files.first { $0.path == "deployment-api.yaml" }).contents
        #expect(deployment.contains("kill -INT 1"))
        #expect(deployment.contains("value: hi $$(whoami)"))
        #expect(deployment.contains("name: variables\n              key: API_TOKEN"))
        let secret = try #require(result.files.first { $0.path == "secret-variables.yaml" }).contents
        #expect(secret.contains("API_TOKEN: TODO-set-API_TOKEN"))
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write(result.files)
        try PythonTools.validateKubernetes(result.files.map { scratch.path + "/" + $0.path })
    }

    @Test func updateBecomesTheDeploymentStrategy() throws {
        var environment = Environment(name: "x", files: ["environments/x.yaml"])
        environment.services = [Service(name: "api", command: .shell("serve"), port: .auto, image: "api:1", update: .rolling),
                                Service(name: "worker", command: .shell("work"), image: "worker:1", update: .recreate),
                                Service(name: "web", command: .shell("web"), image: "web:1")]
        let result = try KubernetesExport(environment: environment).export()
        let api = try #require(result.files.first { $0.path == "deployment-api.yaml" }).contents
        #expect(api.contains("strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 0\n      maxSurge: 1"), "\(api)")
        let worker = try #require(result.files.first { $0.path == "deployment-worker.yaml" }).contents
        #expect(worker.contains("strategy:\n    type: Recreate"), "\(worker)")
        let web = try #require(result.files.first { $0.path == "deployment-web.yaml" }).contents
        #expect(!web.contains("strategy:"), "unset: Kubernetes' default")
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write(result.files)
        try PythonTools.validateKubernetes(result.files.map { scratch.path + "/" + $0.path })

        let compose = try ComposeExport(environment: environment).export().files[0].contents
        #expect(compose.contains("update_config:\n        order: start-first"), "\(compose)")
        #expect(compose.contains("order: stop-first"))
        try scratch.write([ExportedFile(path: "compose.yaml", contents: compose)])
        try PythonTools.validateCompose(scratch.path + "/compose.yaml")
    }
}
