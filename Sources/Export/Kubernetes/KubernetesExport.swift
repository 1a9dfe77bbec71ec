import Manifest

/// An environment as plain Kubernetes objects, one YAML file each: Deployments (or Jobs) and
/// Services for its services, an Ingress per route, Postgres as a StatefulSet with its Secrets and
/// a seed Job, and the schedule as CronJobs (or kube-downscaler annotations). Pure: the seed files'
/// contents come in, text goes out, nothing is read from the exporting shell.
public struct KubernetesExport: Sendable {
    public enum ScheduleStyle: String, Sendable, CaseIterable {
        /// CronJobs that scale the Deployments to 0 and back.
        case cronJob = "cronjob"
        /// kube-downscaler's `downscaler/uptime` annotations on the Deployments.
        case kubeDownscaler = "kube-downscaler"
    }

    public struct Options: Sendable {
        /// `--image SERVICE=IMAGE`: overrides a service's `image:`.
        public var images: [String: String]
        public var schedule: ScheduleStyle
        /// Runs `kubectl scale` in the schedule's CronJobs.
        public var kubectlImage: String
        /// The Ingress class whose annotations the routes use.
        public var ingressClass: String
        /// What `${router.url}` becomes: the URL the Ingress is reached at.
        public var publicURL: String
        /// The Postgres volume claim's size.
        public var storage: String

        public init(images: [String: String] = [:], schedule: ScheduleStyle = .cronJob,
                    kubectlImage: String = "registry.k8s.io/kubectl:v1.31.0", ingressClass: String = "nginx",
                    publicURL: String = "http://localhost", storage: String = "1Gi") {
            self.images = images
            self.schedule = schedule
            self.kubectlImage = kubectlImage
            self.ingressClass = ingressClass
            self.publicURL = publicURL
            self.storage = storage
        }
    }

    public var environment: Environment
    /// Each seed file's contents, by its path in the manifest.
    public var seedFiles: [String: String]
    public var options: Options

    public init(environment: Environment, seedFiles: [String: String] = [:], options: Options = Options()) {
        self.environment = environment
        self.seedFiles = seedFiles
        self.options = options
    }

    /// - Throws: `ExportError` naming a service without an image, or a seed file not handed in.
    public func export() throws(ExportError) -> ExportResult {
        let images = try ImageChoice.images(for: environment, given: options.images)
        var objects = KubernetesObjects(environment: environment, options: options, images: images)
        for service in environment.services { objects.addWorkload(service) }
        if let postgres = environment.postgres { try objects.addPostgres(postgres, seedFiles: seedFiles) }
        if let router = environment.router { objects.addRouter(router) }
        objects.addSchedule()
        objects.addVariableSecrets()
        return objects.result
    }
}
