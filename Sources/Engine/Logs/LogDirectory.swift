import Foundation

/// The logs directory of an environment, listed.
struct LogDirectory {
    var path: String

    /// Every source with a current or rotated file here, in output order.
    func sources() -> [LogSource] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return Set(names.compactMap { LogSource.parse(fileName: $0, directory: path) }).sorted()
    }
}
