import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The unprivileged account a developer on a laptop is: end-to-end tests that must prove the
/// plain-user path run `devenv` as it. Under a plain user that is the user itself; under root it
/// is `nobody`, reached through `setpriv` (util-linux), with the built binaries copied where it can
/// run them (the checkout may sit in a directory only root can enter).
enum PlainUser {
    struct Account: Sendable {
        var uid: uid_t
        var gid: gid_t
        var name: String
    }

    /// Who the plain-user tests run as.
    static let account: Account = {
        if geteuid() != 0 {
            let name = getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? "\(geteuid())"
            return Account(uid: geteuid(), gid: getegid(), name: name)
        }
        guard let entry = getpwnam("nobody") else { fatalError("running as root needs the user nobody to test the plain-user path") }
        return Account(uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, name: "nobody")
    }()

    static var isSwitching: Bool { geteuid() == 0 }

    /// The directory of the `devenv`, `devenv-shim` and `demo-app` binaries the plain user runs.
    static let productsDirectory: String = {
        guard isSwitching else { return CLI.productsDirectory }
        let temporary = FileManager.default.temporaryDirectory.path
        // Copies of earlier test runs (100 MB each) go once their run is over.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix("devenv-plain-bin-") {
            if let pid = Int32(name.dropFirst("devenv-plain-bin-".count)), kill(pid, 0) != 0 {
                try? FileManager.default.removeItem(atPath: temporary + "/" + name)
            }
        }
        let directory = temporary + "/devenv-plain-bin-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o755])
        for name in ["devenv", "devenv-shim", "demo-app"] {
            try! FileManager.default.copyItem(atPath: CLI.productsDirectory + "/" + name, toPath: directory + "/" + name)
            chmod(directory + "/" + name, 0o755)
        }
        return directory
    }()

    /// `argv` as the plain user would run it.
    static func command(_ argv: [String]) -> [String] {
        guard isSwitching else { return argv }
        return ["/usr/bin/setpriv", "--reuid=\(account.uid)", "--regid=\(account.gid)", "--clear-groups", "--"] + argv
    }

    /// Gives `path` and everything under it to the plain user.
    static func own(_ path: String) {
        guard isSwitching else { return }
        let enumerator = FileManager.default.enumerator(atPath: path)
        chown(path, account.uid, account.gid)
        while let relative = enumerator?.nextObject() as? String {
            lchown(path + "/" + relative, account.uid, account.gid)
        }
    }
}

extension Sandbox {
    /// A sandbox the plain user owns: its files, its `.devenv/`, its caches (`HOME` points inside).
    static func plain(_ files: [String: String]) throws -> Sandbox {
        let sandbox = try Sandbox(files)
        try FileManager.default.createDirectory(atPath: sandbox.root + "/home", withIntermediateDirectories: true)
        PlainUser.own(sandbox.root)
        return sandbox
    }

    /// `devenv arguments…` run by the plain user in this sandbox.
    func runPlain(_ arguments: String..., environment: [String: String] = [:]) throws -> CLI.Result {
        var variables = ["HOME": root + "/home", "XDG_CACHE_HOME": root + "/home/.cache", "USER": PlainUser.account.name]
        for (key, value) in environment { variables[key] = value }
        let argv = PlainUser.command([PlainUser.productsDirectory + "/devenv"] + arguments)
        return try CLI.run(executable: argv[0], Array(argv.dropFirst()), in: root, environment: variables)
    }
}
