// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "devenv",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "devenv", targets: ["devenv"]),
        .executable(name: "devenv-shim", targets: ["devenv-shim"]),
        .executable(name: "demo-app", targets: ["demo-app"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Cron expressions, awake windows, holidays and time zones: next actions, catch-up. Pure.
        .target(
            name: "Scheduler",
            swiftSettings: swiftSettings
        ),
        // The manifest model, YAML loading with positions, extends, interpolation, validation. Pure.
        .target(
            name: "Manifest",
            dependencies: [
                "Scheduler",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Manifest → Kubernetes objects and compose files; compose files and Procfiles → manifest. Pure.
        .target(
            name: "Export",
            dependencies: [
                "Manifest",
                "Scheduler",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // The SQLite state store (GRDB): migrations, records, queries.
        .target(
            name: "State",
            dependencies: [
                "Vocabulary",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // The words every part uses for a replica: its state and its health, defined once.
        .target(name: "Vocabulary", swiftSettings: swiftSettings),
        // Process runtime, health probes, restart policy, dependency order.
        .target(
            name: "Supervisor",
            dependencies: [
                "Vocabulary",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // libpq's header, as seen by Swift (Debian: /usr/include/postgresql, from libpq-dev). Not
        // linked: LibPQLoader loads libpq.so.5 when a process first talks to Postgres (pkg-config
        // would put -lpq on every executable's link line).
        .systemLibrary(
            name: "CLibPQ",
            providers: [.apt(["libpq-dev"])]
        ),
        // libpq's functions, dlopen'ed on first use: what never talks to Postgres never loads it.
        .target(name: "LibPQLoader", dependencies: ["CLibPQ"]),
        // A small libpq wrapper (connect, ping, exec, COPY), the local cluster's lifecycle, seeding.
        .target(
            name: "Postgres",
            dependencies: ["CLibPQ", "LibPQLoader"],
            swiftSettings: swiftSettings
        ),
        // The reverse-proxy path router: SwiftNIO, HTTP/1.1 parsed and written on the bytes.
        .target(
            name: "Router",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Plans and runs lifecycle commands over the other targets.
        .target(
            name: "Engine",
            dependencies: [
                "Vocabulary",
                "Manifest",
                "State",
                "Scheduler",
                "Supervisor",
                "Postgres",
                "Router",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The tiny exec shim between the daemon and each child: own session and process group,
        // parent-death signal, privilege drop, timestamped rotated log capture. C, linked
        // statically: one starts per child, so it must start in a fraction of a millisecond, with
        // no dynamic loader and no language runtime to set up (the Swift runtime's start-up was
        // most of its cost).
        .executableTarget(
            name: "devenv-shim",
            cSettings: [.unsafeFlags(["-O2", "-Wall", "-Wextra"])],
            linkerSettings: [.unsafeFlags(["-static-executable"])]
        ),
        // The demo stack's services: home, adder, display and reset, one small executable.
        .executableTarget(
            name: "demo-app",
            dependencies: [
                "Postgres",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The command-line interface: parsing and output only.
        .executableTarget(
            name: "devenv",
            dependencies: [
                "Engine",
                "Manifest",
                "Export",
                "Scheduler",
                "State",
                "Router",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SchedulerTests", dependencies: ["Scheduler"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ManifestTests",
            dependencies: ["Manifest", "Scheduler"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExportTests",
            dependencies: ["Export", "Manifest", .product(name: "Yams", package: "Yams")],
            exclude: ["Golden", "Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StateTests",
            dependencies: ["State", "Vocabulary", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SupervisorTests",
            dependencies: ["Supervisor", "Vocabulary", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // Test images built from this machine's own files (busybox, Postgres), and a testbed
        // with a ContainerRuntime over podman: for any test that runs real containers.
        .target(
            name: "ContainerTestSupport",
            dependencies: ["Supervisor"],
            path: "Tests/ContainerTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContainerTests",
            dependencies: ["Supervisor", "ContainerTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "ContainerTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "RouterTests",
            dependencies: [
                "Router",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EngineTests",
            dependencies: ["Engine", "Manifest", "State", "Supervisor", "Vocabulary", "Scheduler", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["Manifest", "State", "Postgres", "Supervisor", "ContainerTestSupport"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
