import ArgumentParser
import Foundation
import VigilCollectors
import VigilStore
import VigilApp
import VigilUI

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Render a pane of the demo scenario (fixed seed and clock) to text or SVG, byte for byte reproducible.",
        discussion: "Used for screenshots/ (scripts/screenshots) and for golden-file tests."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case txt, svg }

    @Option(help: "Pane: health, freshness, incidents, runbook.")
    var pane: String = "health"

    @Option(help: "Size as COLUMNSxROWS.")
    var size: String = "120x40"

    @Option(help: "Output format: txt or svg.")
    var format: Format = .txt

    @Option(help: "Keys to press before rendering, comma separated (e.g. enter,down,enter); see ScriptedKeys.")
    var keys: String = ""

    @Option(help: "Write to FILE instead of standard output.")
    var out: String?

    @OptionGroup var themeOptions: ThemeOptions

    func run() throws {
        guard let paneValue = Pane(name: pane) else { throw ValidationError("unknown pane '\(pane)'") }
        let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0] <= 1000, parts[1] <= 1000 else {
            throw ValidationError("--size must look like 120x40")
        }
        let script = try ScriptedKeys.parse(keys)
        let buffer = try BlockingAsync.runThrowing { try await DemoSnapshot.render(pane: paneValue, width: parts[0], height: parts[1], keys: script) }
        let output: String
        switch format {
        case .txt: output = TextSnapshot.render(buffer)
        case .svg: output = SVGSnapshot.render(buffer, theme: try ThemeSelection.load(name: themeOptions.name(nil)), title: "Vigil — \(paneValue.title)")
        }
        if let out {
            try Data(output.utf8).write(to: URL(fileURLWithPath: out))
        } else {
            FileHandle.standardOutput.write(Data(output.utf8))
        }
    }
}
