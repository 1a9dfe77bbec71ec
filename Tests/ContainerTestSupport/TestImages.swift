import Foundation
import Supervisor

/// Container images the tests build themselves, no registry needed: `podman import` (or
/// `docker import`) of a root filesystem made from this machine's own files. Each is built once
/// per image store and kept under its name, so the suite builds it once.
public enum TestImages {
    /// A busybox image (`busybox-static`'s `/bin/busybox` and its applets), with a page at
    /// `/www/index.html` for `httpd`, and users root and nobody.
    public static let busyboxName = "localhost/devenv-test-busybox:1"
    /// A Postgres image from this machine's Postgres binaries (the newest major version under
    /// `/usr/lib/postgresql`) and the libraries they load, with busybox for a shell, and users
    /// root, postgres (999) and nobody. Run it as `postgres`: Postgres refuses root.
    public static let postgresName = "localhost/devenv-test-postgres:1"

    /// The command that serves `/www` over HTTP on `$PORT`, one log line per request, in the
    /// foreground as the container's main process (which, as pid 1, ignores SIGTERM).
    public static let httpdCommand = ["/bin/sh", "-c", "exec httpd -f -v -p \"$PORT\" -h /www"]

    /// The same server under a shell that exits 0 on SIGTERM, as a well-behaved service does.
    public static let gracefulHttpdCommand = [
        "/bin/sh", "-c", "trap 'echo stopping; kill $child; exit 0' TERM; httpd -f -v -p \"$PORT\" -h /www & child=$!; wait",
    ]

    /// Runs Postgres on `$PORT`, loopback only, trusting local connections (a test image, never
    /// a real one), with its cluster in `$PGDATA` (default `/tmp/data`), made first when missing.
    public static let postgresCommand = [
        "/bin/sh", "-c",
        "data=${PGDATA:-/tmp/data}; [ -s \"$data/PG_VERSION\" ] || "
            + "initdb -D \"$data\" -U postgres --auth=trust --no-sync -E UTF8 --locale=C >/tmp/initdb.log 2>&1 "
            + "|| { cat /tmp/initdb.log; exit 1; }; "
            + "exec postgres -D \"$data\" -p \"$PORT\" -c listen_addresses=127.0.0.1 -k /tmp",
    ]

    /// ``busyboxName``, built first where the image store lacks it.
    public static func busybox(_ cli: ContainerCLI) async throws -> String {
        try await image(busyboxName, cli: cli, script: busyboxScript)
    }

    /// ``postgresName``, built first where the image store lacks it.
    public static func postgres(_ cli: ContainerCLI) async throws -> String {
        try await image(postgresName, cli: cli, script: busyboxScript + postgresScript)
    }

    /// Builds at most one image at a time, and each at most once per run.
    private static let builder = ImageBuilder()

    private static func image(_ name: String, cli: ContainerCLI, script: String) async throws -> String {
        try await builder.build(name, cli: cli, script: script)
    }

    /// Lays busybox out in `$root`.
    static let busyboxScript = #"""
        set -eu
        if ldd /bin/busybox >/dev/null 2>&1; then
          echo "/bin/busybox is not static: install busybox-static (make deps)" >&2; exit 1
        fi
        mkdir -p "$root/bin" "$root/www" "$root/tmp" "$root/etc"
        chmod 1777 "$root/tmp"
        cp /bin/busybox "$root/bin/busybox"
        for applet in $(/bin/busybox --list); do
          [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
        done
        echo 'devenv test page' > "$root/www/index.html"
        printf 'root:x:0:0:root:/:/bin/sh\npostgres:x:999:999:postgres:/tmp:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' > "$root/etc/passwd"
        printf 'root:x:0:\npostgres:x:999:\nnogroup:x:65534:\n' > "$root/etc/group"

        """#

    /// Adds this machine's Postgres to `$root`, at the same paths (initdb finds its share
    /// directory relative to its own).
    static let postgresScript = #"""
        bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
        if [ -z "$bindir" ]; then echo "no Postgres under /usr/lib/postgresql: install postgresql (make deps)" >&2; exit 1; fi
        major=$(basename "$(dirname "$bindir")")
        libdir=/usr/lib/postgresql/$major/lib
        mkdir -p "$root$bindir" "$root$libdir" "$root/usr/share/postgresql" "$root/usr/share/zoneinfo/Etc"
        files=""
        for program in postgres initdb pg_ctl pg_isready; do cp "$bindir/$program" "$root$bindir/"; files="$files $bindir/$program"; done
        for module in plpgsql.so dict_snowball.so; do cp "$libdir/$module" "$root$libdir/"; files="$files $libdir/$module"; done
        cp -r "/usr/share/postgresql/$major" "$root/usr/share/postgresql/"
        cp /usr/share/zoneinfo/UTC "$root/usr/share/zoneinfo/UTC"
        cp /usr/share/zoneinfo/UTC "$root/usr/share/zoneinfo/Etc/UTC"
        for library in $(ldd $files | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' | sort -u); do
          cp -L --parents "$library" "$root/"
        done
        ln -s "$bindir/postgres" "$root/bin/postgres"
        ln -s "$bindir/initdb" "$root/bin/initdb"
        ln -s "$bindir/pg_isready" "$root/bin/pg_isready"

        """#
}

/// Builds test images one at a time, remembering which exist.
actor ImageBuilder {
    private var built: Set<String> = []

    func build(_ name: String, cli: ContainerCLI, script: String) async throws -> String {
        let key = cli.path + " " + name
        if built.contains(key) { return name }
        let lookup = cli.kind == .podman ? ["image", "exists", name] : ["image", "inspect", name]
        if await cli.run(lookup).succeeded {
            built.insert(key)
            return name
        }
        let directory = NSTemporaryDirectory() + "devenv-image-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/root", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tarball = directory + "/root.tar"
        let layout = try run(["/bin/sh", "-c", script + "\ntar -C \"$root\" -cf \"$tarball\" .\n"],
                             environment: ["root": directory + "/root", "tarball": tarball,
                                           "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"])
        guard layout.status == 0 else {
            throw TestImageError(message: "cannot lay out the image \(name): \(layout.output)")
        }
        let imported = await cli.run(["import", tarball, name])
        guard imported.succeeded else {
            throw TestImageError(message: "`\(cli.kind) import` of \(name) failed: \(imported.failure)")
        }
        built.insert(key)
        return name
    }

    private func run(_ argv: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

public struct TestImageError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}
