import Engine
import Foundation

/// `up`'s live progress: on a terminal, one line per service redrawn in place; otherwise a plain
/// line whenever a service's state changes.
final class ProgressDisplay {
    private let interactive: Bool
    private var drawnLines = 0
    private var lastSummaries: [String: String] = [:]

    init(interactive: Bool) {
        self.interactive = interactive
    }

    func show(_ snapshot: StatusSnapshot) {
        let lines = UpProgress.lines(snapshot)
        let width = lines.map(\.service.count).max() ?? 0
        if interactive {
            var output = drawnLines > 0 ? "\u{1B}[\(drawnLines)A" : ""
            for line in lines {
                output += "\u{1B}[2K  \(line.service.padding(width))  \(line.summary)\n"
            }
            drawnLines = lines.count
            FileHandle.standardOutput.write(Data(output.utf8))
        } else {
            for line in lines where lastSummaries[line.service] != line.summary {
                lastSummaries[line.service] = line.summary
                print("\(line.service): \(line.summary)")
            }
        }
    }

    func finish(_ snapshot: StatusSnapshot) {
        show(snapshot)
    }

    func abandon() {}
}
