import ContainerTestSupport
import Foundation
import Supervisor
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Services from images, through the container runtime, beside local processes behind one
/// router: the same unit verbs (restart by policy, pause, scale, rolling restart), labels on every
/// container, what a killed daemon left removed, nothing left after `down`. Real podman
/// containers from an image the test builds (no registry).
@Suite(.serialized) struct ContainerStackTests {
    static func tool() async throws -> ContainerCLI {
        do {
            return try await ContainerCLI.detect()
        } catch {
            Issue.record("no container runtime works here: \(error) (make deps installs podman; .ci/run configures it)")
            throw error
        }
    }

    static func manifest(image: String) -> String {
        """
        router:
          port: auto
          routes:
            - { path: /box, service: box, strip_prefix: true }
            - { path: /web, service: web, strip_prefix: true }
        services:
          box:
            image: \(image)
            command: ["/bin/sh", "-c", "trap 'kill $child; exit 0' TERM; httpd -f -v -p \\"$PORT\\" -h /www & child=$!; wait"]
            port: auto
            env: { GREETING: hello }
            health: { http: /, interval: 200ms }
            restart: always
            stop_timeout: 5s
          web:
            command: "exec python3 server.py"
            port: auto
            health: { http: /health, interval: 200ms }
        """
    }

    /// The containers labelled with this project, by name.
    static func containers(_ cli: ContainerCLI, root: String) async throws -> [LabelledContainer] {
        try await cli.containers(root: root, environment: "dev")
    }

    @Test func aContainerServiceRunsBesideAProcessBehindOneRouter() async throws {
        let cli = try await Self.tool()
        let image = try await TestImages.busybox(cli)
        let sandbox = try Fixtures.project(["dev": Self.manifest(image: image)])
        defer { sandbox.tearDown() }
        let up = try sandbox.run("up")
        #expect(up.status == 0, "\(up.stderr)")
        let url = try #require((try sandbox.status()["router"] as? [String: Any])?["url"] as? String)
        let port = try #require(Int(url.split(separator: ":").last ?? ""))
        #expect(try HTTP.get(port: port, path: "/box/").hasPrefix("HTTP/1.0 200") || (try HTTP.get(port: port, path: "/box/")).hasPrefix("HTTP/1.1 200"))
        #expect(try HTTP.get(port: port, path: "/web/").contains("200 OK"))

        // Labelled; status's pid is the container's main process on the host; its log is the replica's.
        let running = try await Self.containers(cli, root: sandbox.root)
        #expect(running.count == 1)
        let pid = try #require((try sandbox.replicas("box").first?["pid"] as? NSNumber)?.int32Value)
        #expect(Processes.commandLine(of: pid).contains("httpd") || Processes.commandLine(of: pid).contains("/bin/sh"),
                "pid \(pid) is the container's: \(Processes.commandLine(of: pid))")
        let log = (try? String(contentsOfFile: sandbox.root + "/.devenv/dev/logs/box.0.log", encoding: .utf8)) ?? ""
        #expect(log.contains("response:200"), "httpd's request lines reach the replica's log: \(log)")

        // A crash is restarted by policy.
        kill(pid, SIGKILL)
        #expect(eventually(within: 20) { (try? sandbox.replicas("box").first?["restarts"] as? Int) == 1
                && (try? sandbox.status()["state"] as? String) == "running" }, "restarted once, running again")
        #expect(try await Self.containers(cli, root: sandbox.root).count == 1)

        // Pause freezes the container; resume serves again.
        #expect(try sandbox.run("pause").status == 0)
        let paused = try #require((try sandbox.replicas("box").first?["pid"] as? NSNumber)?.int32Value)
        #expect(eventually { Processes.state(of: paused) == "T" || Self.frozen(paused) }, "the container's process is frozen")
        #expect(try sandbox.run("resume").status == 0)
        #expect(try HTTP.get(port: port, path: "/box/").contains("200 OK"))

        // Scale and a rolling restart go through the same verbs.
        #expect(try sandbox.run("scale", "box=2").status == 0)
        #expect(eventually(within: 20) { (try? Self.serving(sandbox, "box")) == 2 })
        #expect(try await Self.containers(cli, root: sandbox.root).count == 2)
        let before = Set(try await Self.containers(cli, root: sandbox.root).map(\.name))
        let rolled = try sandbox.run("restart", "box", "--rolling")
        #expect(rolled.status == 0, "\(rolled.stderr)")
        let after = Set(try await Self.containers(cli, root: sandbox.root).map(\.name))
        #expect(after.count == 2 && after.isDisjoint(with: before), "every container replaced: \(before) → \(after)")

        // A killed daemon leaves its containers running; the next up removes them first.
        let daemon = try #require(Processes.running(under: sandbox.root).first { Processes.commandLine(of: $0).contains("daemon") })
        kill(daemon, SIGKILL)
        #expect(eventually { !Processes.isAlive(daemon) })
        #expect(try sandbox.run("up").status == 0)
        #expect(try await Self.containers(cli, root: sandbox.root).count == 2, "exactly the expected containers, none twice")

        #expect(try sandbox.run("down").status == 0)
        #expect(try await Self.containers(cli, root: sandbox.root).isEmpty, "down leaves no container")
    }

    @Test func aMissingImageIsAClearErrorThatStartsNothing() async throws {
        _ = try await Self.tool()
        let sandbox = try Fixtures.project(["dev": Self.manifest(image: "localhost/devenv-no-such-image:1")])
        defer { sandbox.tearDown() }
        let up = try sandbox.run("up")
        #expect(up.status != 0)
        #expect(up.stderr.contains("services.box.image") && up.stderr.contains("localhost/devenv-no-such-image:1")
                && up.stderr.contains("pull"), "\(up.stderr)")
        let left = Processes.running(under: sandbox.root).map { Processes.commandLine(of: $0) }
        #expect(left.allSatisfy { $0.contains("daemon") || $0.contains("--fork-server") }, "no service was started: \(left)")
    }

    static func serving(_ sandbox: Sandbox, _ service: String) throws -> Int {
        let routes = (try sandbox.status()["router"] as? [String: Any])?["routes"] as? [[String: Any]] ?? []
        return (routes.first { $0["service"] as? String == service }?["healthy"] as? NSNumber)?.intValue ?? 0
    }

    /// Whether the cgroup freezer holds `pid` (podman's pause as root).
    static func frozen(_ pid: Int32) -> Bool {
        guard let cgroup = try? String(contentsOfFile: "/proc/\(pid)/cgroup", encoding: .utf8) else { return false }
        for line in cgroup.split(separator: "\n") where line.contains("freezer") {
            let path = line.split(separator: ":", maxSplits: 2).last.map(String.init) ?? ""
            let state = (try? String(contentsOfFile: "/sys/fs/cgroup/freezer\(path)/freezer.state", encoding: .utf8)) ?? ""
            if state.hasPrefix("FROZEN") { return true }
        }
        return false
    }
}
