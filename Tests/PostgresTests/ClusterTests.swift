import Foundation
import Glibc
import Postgres
import Testing

extension PostgresSuite {
    @Suite("PostgresCluster: template, copy, running as root, roles and databases")
    struct ClusterTests {
        @Test("the template is built once; a second cluster is copied from it in under a second")
        func templateOnceThenFastCopy() throws {
            let root = try TestServer.makeTemporaryDirectory()
            defer { _ = try? TestServer.run(["/bin/rm", "-rf", root]) }
            let cache = root + "/cache/postgres-\(TestServer.installation.version)-template"
            let first = PostgresCluster(directory: root + "/.devenv/one/postgres", installation: TestServer.installation)
            let made = try first.prepare(templateCache: cache)
            #expect(made.createdTemplate)
            #expect(made.createdDataDirectory)

            // Three more environments from the same template; the best of them shows the cost of a
            // copy without the noise of whatever else the machine is doing at that moment.
            var copies: [Duration] = []
            for name in ["two", "three", "four"] {
                let cluster = PostgresCluster(directory: root + "/.devenv/\(name)/postgres", installation: TestServer.installation)
                let copied = try cluster.prepare(templateCache: cache)
                #expect(!copied.createdTemplate)
                #expect(copied.createdDataDirectory)
                #expect(FileManager.default.fileExists(atPath: cluster.dataDirectory + "/PG_VERSION"))
                copies.append(copied.copyDuration)
            }
            print("template created in \(made.templateDuration); clusters copied in \(copies) (first copy \(made.copyDuration))")
            #expect(copies.min()! < .seconds(1))
            let second = PostgresCluster(directory: root + "/.devenv/two/postgres", installation: TestServer.installation)

            // Each copy has its own superuser password; an existing cluster is left alone.
            let password = try String(contentsOfFile: first.passwordFile, encoding: .utf8)
            #expect(password != (try String(contentsOfFile: second.passwordFile, encoding: .utf8)))
            let again = try first.prepare(templateCache: cache)
            #expect(!again.createdTemplate && !again.createdDataDirectory)
            #expect(try String(contentsOfFile: first.passwordFile, encoding: .utf8) == password)
        }

        @Test("as root the server runs as postgres, owning only its data directory; the password file is root's, 0600")
        func runsAsRoot() throws {
            let server = try TestServer()
            defer { server.stop() }
            let cluster = server.cluster
            let data = try FileManager.default.attributesOfItem(atPath: cluster.dataDirectory)
            let secret = try FileManager.default.attributesOfItem(atPath: cluster.passwordFile)
            #expect((secret[.posixPermissions] as? Int) == 0o600)
            #expect((data[.posixPermissions] as? Int) == 0o700)
            #expect((secret[.ownerAccountID] as? Int) == Int(geteuid()))
            if geteuid() == 0 {
                let runUser = try #require(cluster.runUser)
                #expect(runUser == (getpwnam("postgres") != nil ? "postgres" : "nobody"))
                #expect((data[.ownerAccountName] as? String) == runUser)
                let parent = try FileManager.default.attributesOfItem(atPath: cluster.directory)
                #expect((parent[.ownerAccountID] as? Int) == 0)
                let connection = try PGConnection(url: server.superuserURL)
                let pid = try #require(connection.query("SELECT pg_backend_pid()").first?[0].flatMap { Int($0) })
                let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
                let uid = status.split(separator: "\n").first { $0.hasPrefix("Uid:") }?.split(separator: "\t").dropFirst().first
                #expect(uid.flatMap { uid_t($0) } == getpwnam(runUser)?.pointee.pw_uid)
            } else {
                #expect(cluster.runUser == nil)
            }
            let command = cluster.serverCommand(port: server.port, settings: ["shared_buffers": "64MB"])
            #expect(command.argv.contains("listen_addresses=127.0.0.1"))
            #expect(command.argv.suffix(2) == ["-c", "shared_buffers=64MB"])
            let password = try String(contentsOfFile: cluster.passwordFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!command.argv.joined(separator: " ").contains(password))
            #expect(command.environment.values.allSatisfy { !$0.contains(password) })
        }

        @Test("scram: a wrong or missing password is rejected; there is no Unix socket to bypass it")
        func wrongPasswordRejected() throws {
            let server = try TestServer()
            defer { server.stop() }
            let connection = try PGConnection(url: server.superuserURL)
            #expect(try connection.query("SHOW password_encryption") == [["scram-sha-256"]])
            let verifier = try connection.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'").first?[0]
            #expect(verifier?.hasPrefix("SCRAM-SHA-256$") == true)
            let wrong = #expect(throws: PGError.self) {
                try PGConnection(url: "postgresql://postgres:wrong@127.0.0.1:\(server.port)/postgres")
            }
            #expect(wrong?.message.contains("password authentication failed") == true)
            #expect(try connection.query("SHOW unix_socket_directories") == [[""]])
            let files = FileManager.default.enumerator(atPath: server.cluster.directory)?.allObjects as? [String] ?? []
            #expect(!files.contains { $0.split(separator: "/").last?.hasPrefix(".s.PGSQL.") == true }, "\(files)")
        }

        @Test("databases and owner roles are created once, with stable generated passwords and private access")
        func rolesAndDatabases() throws {
            let server = try TestServer()
            defer { server.stop() }
            let specs = [DatabaseSpec(name: "app", owner: "app"), DatabaseSpec(name: "reports", owner: "analyst")]
            let credentials = try server.cluster.ensureDatabases(port: server.port, specs)
            let app = try #require(credentials["app"])
            #expect(app.user == "app")
            #expect(app.password.count == 32)
            #expect(!"\(app)".contains(app.password))
            let appURL = PostgresCluster.url(user: app.user, password: app.password, port: server.port, database: "app")
            let connection = try PGConnection(url: appURL)
            #expect(try connection.query("SELECT current_user, current_database()") == [["app", "app"]])
            try connection.execute("CREATE TABLE mine (id int)")  // the owner owns the public schema

            let again = try server.cluster.ensureDatabases(port: server.port, specs)
            #expect(again == credentials)
            let attributes = try FileManager.default.attributesOfItem(atPath: server.cluster.rolePasswordFile("app"))
            #expect((attributes[.posixPermissions] as? Int) == 0o600)

            // Another environment role cannot connect to a database it does not own.
            let analyst = try #require(credentials["reports"])
            let denied = #expect(throws: PGError.self) {
                try PGConnection(url: PostgresCluster.url(user: analyst.user, password: analyst.password, port: server.port, database: "app"))
            }
            #expect(denied?.message.contains("permission denied") == true)
            #expect(throws: PGError.self) {
                try PGConnection(url: PostgresCluster.url(user: "app", password: "wrong", port: server.port, database: "app"))
            }
        }

        @Test("finding the installation, and a clear error for a missing version")
        func installation() throws {
            let found = try PostgresInstallation.find(version: nil)
            #expect(FileManager.default.isExecutableFile(atPath: found.postgresPath))
            #expect(try PostgresInstallation.find(version: found.version) == found)
            let error = #expect(throws: ClusterError.self) { try PostgresInstallation.find(version: "99") }
            #expect(error?.code == .notInstalled)
            #expect(error?.message.contains("apt-get install postgresql-99") == true)
        }
    }
}
