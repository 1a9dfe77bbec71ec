import Engine
import Foundation
import Manifest

/// Gives `devenv up`'s daemon a head start (`EarlyStart`) before ArgumentParser builds the
/// command tree, when the command line is a plain `up` (`EarlyStart.Target`).
enum EarlyUp {
    static func begin(_ arguments: [String]) {
        guard let target = EarlyStart.Target(upCommandLine: arguments, processEnvironment: ProcessInfo.processInfo.environment),
              let project = try? Project.discover(from: target.directory ?? FileManager.default.currentDirectoryPath)
        else { return }
        EarlyStart.begin(project: project, environment: target.environment)
    }
}
