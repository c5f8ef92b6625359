import ArgumentParser
import Foundation
import VigilApp
import VigilConfig
import VigilCore
import VigilStore

/// `vigil change ...`: release notes recorded by hand, and the changes every source recorded, for scripts.
struct ChangeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "change",
        abstract: "Record a release note; list what changed (DAG versions, dbt edits, schema changes, commits, notes).",
        subcommands: [Record.self, List.self])

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a change by hand (a deployment, a config flip); prints its id.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "What changed, in one line.") var title: String
        @Option(help: "A pipeline it touched, SOURCE/ID (repeat for several).") var pipeline: [String] = []
        @Option(help: "A dataset it touched (repeat for several).") var dataset: [String] = []
        @Option(help: "When it was made, ISO 8601 (default: now).") var at: String?
        @Option(help: "A version, tag or ticket; recording the same --ref again stores it once.") var ref: String?
        @Option(help: "Who made it (default: the config's user, else the login name).") var user: String?
        @Flag(help: "Refuse every change (also set by read_only: true in the config).") var readOnly = false

        func run() throws {
            let configuration = try storeOptions.loadConfiguration()
            if readOnly || configuration?.readOnly == true {
                throw Refused("read-only: this Vigil records no changes (--read-only, or read_only: true in the config)")
            }
            guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw Refused("--title is empty") }
            var subjects: [String] = []
            for p in pipeline {
                guard let reference = PipelineReference(p) else { throw Refused("--pipeline \(p) is not SOURCE/ID") }
                subjects.append(reference.lineageNode.text)
            }
            subjects += dataset.map { LineageNode.dataset($0).text }
            let now = Date()
            var when = now
            if let at {
                guard let parsed = try? Date(at, strategy: .iso8601) else {
                    throw Refused("--at \(at) is not an ISO 8601 time (e.g. 2026-12-03T18:30:00Z)")
                }
                when = parsed
            }
            let author = user.flatMap { $0.isEmpty ? nil : $0 } ?? (configuration ?? VigilConfiguration()).actor()
            let key = ref.flatMap { $0.isEmpty ? nil : $0 }
                ?? "\(Int(when.timeIntervalSince1970))-\(UUID().uuidString.prefix(8).lowercased())"
            let change = Change(id: Change.id(source: "manual", kind: .manual, subject: "release", ref: key), at: when,
                                source: "manual", kind: .manual, title: title, subjects: subjects, ref: ref, author: author)
            let store = try Store(path: try storeOptions.path(configuration))
            var new = false
            try store.write { new = try $0.recordChange(change, at: now) }
            print(change.id)
            if !new { printError("a change with ref \(TextSanitizer.singleLine(key)) was already recorded: kept the first") }
        }
    }

    enum Format: String, ExpressibleByArgument, CaseIterable { case tsv, json }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Changes made in the last --since, newest first: at, kind, source, title, subjects, ref, author.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "How far back, e.g. 2h, 7d (default 7d).") var since = "7d"
        @Option(help: "tsv (one line each) or json.") var format: Format = .tsv

        func run() throws {
            guard let window = DurationFormat.parse(since), window > 0 else {
                throw Refused("--since \(since) is not a duration (e.g. 12h, 7d)")
            }
            let configuration = try storeOptions.loadConfiguration()
            let store = try Store(path: try storeOptions.path(configuration), readOnly: true)
            let now = Date()
            // Up to a minute ahead: a change stamped by a clock slightly ahead of this one still shows.
            let changes = try store.changes(from: now.addingTimeInterval(-window), to: now.addingTimeInterval(60))
            let iso = Date.ISO8601FormatStyle()
            switch format {
            case .json:
                let rows: [[String: Any]] = changes.map { c in
                    var row: [String: Any] = ["id": c.id, "at": c.at.formatted(iso), "source": c.source, "kind": c.kind.rawValue,
                                              "title": c.title, "subjects": c.subjects]
                    if let ref = c.ref { row["ref"] = ref }
                    if let author = c.author { row["author"] = author }
                    if let detail = c.detail { row["detail"] = detail }
                    return row
                }
                let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            case .tsv:
                if changes.isEmpty { printError("no changes in the last \(since)") }
                // Titles and names come from the sources and from people: one clean line each, no tabs.
                let line = TextSanitizer.singleLine
                for c in changes {
                    let fields = [c.at.formatted(iso), c.kind.rawValue, c.source, c.title, c.subjects.joined(separator: ","),
                                  c.ref ?? "-", c.author ?? "-"]
                    print(fields.map { line($0).replacingOccurrences(of: "\t", with: " ") }.joined(separator: "\t"))
                }
            }
        }
    }
}
