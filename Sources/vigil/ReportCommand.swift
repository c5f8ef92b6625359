import ArgumentParser
import Foundation
import VigilApp
import VigilCore
import VigilStore

/// `vigil report`: the DataOps scorecard of a window, as Markdown, JSON or one HTML page. Read-only.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The DataOps scorecard: incidents, response times, SLOs, pipelines, quality, changes, alert precision.",
        discussion: """
        Covers [until - since, until): per tier and per ISO week. --until is a date (2026-12-01, midnight UTC) or \
        an ISO 8601 time; it defaults to now (the demo's clock on a demo store). README's "vigil report" says how \
        each figure is computed.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, json }

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "How far back the window reaches from --until: 30d, 7d, 12h.")
    var since: String = "30d"

    @Option(help: "End of the window (exclusive): YYYY-MM-DD (UTC midnight) or an ISO 8601 time. Default: now.")
    var until: String?

    @Option(help: "Output format: md, html or json.")
    var format: Format = .md

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    static func parseDate(_ text: String) -> Date? {
        let iso = ISO8601DateFormatter()
        if let d = iso.date(from: text) { return d }
        iso.formatOptions = [.withFullDate]
        return iso.date(from: text)
    }

    func run() throws {
        guard let length = DurationFormat.parse(since), length > 0 else {
            throw ValidationError("--since must be a duration such as 30d, 7d or 12h (got \(since))")
        }
        var end: Date?
        if let until {
            guard let d = Self.parseDate(until) else {
                throw ValidationError("--until must be YYYY-MM-DD or an ISO 8601 time such as 2026-12-01T00:00:00Z (got \(until))")
            }
            end = d
        }
        let configuration = try storeOptions.loadConfiguration()
        let store = try Store(path: try storeOptions.path(configuration), readOnly: true)
        let snapshot = try store.snapshot()
        let to = end ?? snapshot.now
        let from = to.addingTimeInterval(-length)
        let inputs = try store.reliabilityInputs(from: from, to: to, datasets: snapshot.datasets.map(\.dataset),
                                                 pipelines: snapshot.pipelines.map(\.pipeline))
        let report = ReliabilityReport.compute(inputs)
        let text: String
        switch format {
        case .md: text = ReportRender.markdown(report)
        case .json: text = try ReportRender.json(report) + "\n"
        case .html: text = ReportRender.html(report)
        }
        if let out {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } else {
            print(text, terminator: "")
        }
    }
}
