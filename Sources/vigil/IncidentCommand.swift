import ArgumentParser
import Foundation
import VigilApp
import VigilConfig
import VigilCore
import VigilStore

/// `vigil incident ...`: incidents for scripts and chat-ops. Every change is a timeline entry recorded as --user.
struct IncidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident",
        abstract: "List, open and work incidents; print a postmortem.",
        subcommands: [List.self, Show.self, Open.self, Ack.self, Note.self, SeverityChange.self, Lead.self,
                      Mitigate.self, Resolve.self, PostmortemCommand.self, ActionCommand.self])

    /// --store/--config, --user and --read-only, shared by every incident subcommand.
    struct Options: ParsableArguments {
        @OptionGroup var storeOptions: StoreOptions

        @Option(help: "Who the entries are recorded as (default: the config's user, else the login name).")
        var user: String?

        @Flag(help: "Refuse every change (also set by read_only: true in the config).")
        var readOnly = false

        func context(writing: Bool) throws -> (store: Store, actions: IncidentActions) {
            let configuration = try storeOptions.loadConfiguration()
            if writing && (readOnly || configuration?.readOnly == true) {
                throw Refused("read-only: this Vigil does not change incidents (--read-only, or read_only: true in the config)")
            }
            let path = try storeOptions.path(configuration)
            let store = try Store(path: path, readOnly: !writing)
            let actor = user.flatMap { $0.isEmpty ? nil : $0 } ?? (configuration ?? VigilConfiguration()).actor()
            return (store, IncidentActions(store: store, actor: actor))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open incidents first (by severity), then resolved ones.")
        @OptionGroup var options: Options
        @Flag(help: "Include incidents resolved more than 7 days ago.") var all = false

        func run() throws {
            let (store, _) = try options.context(writing: false)
            let since = all ? nil : Date().addingTimeInterval(-30 * 86_400)
            let incidents = try store.incidents(openedSince: since)
            if incidents.isEmpty { print("no incidents"); return }
            // Titles, names and notes come from the sources and from people: printed through the sanitizer, one line each.
            let line = TextSanitizer.singleLine
            for i in incidents {
                let age = DurationFormat.compact(max(0, Date().timeIntervalSince(i.openedAt)))
                print("\(i.id)\t\(i.severity.label)\t\(i.state.rawValue)\t\(line(i.lead ?? "-"))\t\(age) ago\t\(line(i.title))")
            }
            // Over time, on stderr so scripts reading the rows are not disturbed.
            let summaries = try store.incidents(openedSince: Date().addingTimeInterval(-30 * 86_400))
                .map { IncidentSummary(incident: $0, timeline: [], stepProgress: []) }
            for days in [7.0, 30.0] {
                let (mttr, counts) = IncidentMetrics.summary(summaries, days: days, now: Date())
                let bySeverity = Severity.allCases.map { "\($0.label) \(counts[$0] ?? 0)" }.joined(separator: ", ")
                printError("last \(Int(days)) days: MTTR \(mttr.map { DurationFormat.compact($0) } ?? "—"); \(bySeverity)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An incident with its timeline.")
        @OptionGroup var options: Options
        @Argument(help: "Incident id, e.g. INC-3.") var id: String

        func run() throws {
            let (store, _) = try options.context(writing: false)
            guard let s = try store.incident(id: id) else { throw Refused("no incident \(id) in the store") }
            let i = s.incident
            let line = TextSanitizer.singleLine
            print("\(i.id)  \(i.severity.label)  \(i.state.rawValue)  lead \(line(i.lead ?? "none"))")
            print(line(i.title))
            if !i.affectedDatasets.isEmpty { print("datasets: " + i.affectedDatasets.map(line).joined(separator: ", ")) }
            if !i.affectedPipelines.isEmpty { print("pipelines: " + i.affectedPipelines.map(line).joined(separator: ", ")) }
            if let r = i.runbookID { print("runbook: \(line(r))") }
            if let r = i.resolution { print("resolved as: \(r.rawValue) (\(r.help))") }
            let m = IncidentMetrics(s)
            func d(_ t: TimeInterval?) -> String { t.map { DurationFormat.compact(max(0, $0)) } ?? "—" }
            print("time to detect \(d(m.timeToDetect)), acknowledge \(d(m.timeToAcknowledge)), "
                  + "mitigate \(d(m.timeToMitigate)), resolve \(d(m.timeToResolve))")
            print("timeline:")
            for e in s.timeline {
                let rel = (e.at < i.openedAt ? "-" : "+") + DurationFormat.compact(abs(e.at.timeIntervalSince(i.openedAt)))
                print("  \(rel)\t\(line(e.actor))\t\(e.kind.rawValue)\t\(line(e.text))")
            }
            if !s.actionItems.isEmpty {
                print("action items:")
                for item in ActionItem.openFirst(s.actionItems) {
                    let details = item.details(at: Date())
                    print("  #\(item.number) [\(item.isDone ? "x" : " ")] \(line(item.text))" + (details.isEmpty ? "" : " — " + line(details)))
                }
            }
            // What changed before it (the day before its first signal, to what it names or upstream).
            let start = i.signalAt ?? i.openedAt
            let changes = try store.changes(from: start.addingTimeInterval(-ChangeContext.defaultWindow), to: start.addingTimeInterval(1))
            let lineage = try store.snapshot().graph
            let before = ChangeContext.before(incident: i, lineage: lineage, changes: changes)
            if !before.isEmpty {
                print("changes before:")
                for c in before {
                    let mark = c.change.id == i.causeChangeID ? "*" : " "
                    print(" \(mark) \(Postmortem.stamp(c.change.at)) UTC\t\(DurationFormat.compact(c.lead)) before\t\(c.change.kind.label)\t"
                          + "\(line(c.change.title))\ton \(line(c.touched.name))")
                }
            }
            // Memory: resolved incidents of the last 180 days (at most 500) like this one.
            let past = try store.resolvedIncidents(before: Date())
            let similar = SimilarIncidents.rank(s, among: past)
            if !similar.isEmpty {
                print("similar past incidents:")
                for l in SimilarIncidentText.lines(similar, now: Date()) { print("  " + l) }
            }
        }
    }

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open an incident by hand; prints its id.")
        @OptionGroup var options: Options
        @Option(help: "What is wrong, in one line.") var title: String
        @Option(help: "sev1, sev2, sev3 or sev4.") var severity: SeverityArgument
        @Option(help: "Attach this runbook from the runbooks folder (its file name without .md).") var runbook: String?
        @Option(name: .long, help: "Runbooks folder (default: the config's runbooks:, else ./runbooks).") var runbooksDir: String?

        func run() throws {
            let (_, actions) = try options.context(writing: true)
            var attached: Runbook?
            if let runbook {
                let configuration = try options.storeOptions.loadConfiguration()
                let folder = runbooksDir.map(expandTilde) ?? RunbookFolder.path(explicit: nil, configured: configuration?.runbooks)
                let library = RunbookFolder.load(folder)
                guard let found = library.runbooks.first(where: { $0.id == runbook }) else {
                    let hint = RunbookFolder.suggest(runbook, among: library.runbooks.map(\.id)).map { " (did you mean \($0)?)" } ?? ""
                    throw Refused("no runbook '\(runbook)' in \(folder)\(hint)")
                }
                attached = found
            }
            print(try actions.open(title: title, severity: severity.value, runbook: attached))
        }
    }

    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge; you lead if nobody does.")
        @OptionGroup var options: Options
        @Argument var id: String
        func run() throws { try IncidentCommand.perform(options) { try $0.acknowledge(id) } }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a note (UTF-8; several words are joined).")
        @OptionGroup var options: Options
        @Argument var id: String
        @Argument(help: "Words of the text (quote it to keep spacing).") var text: [String] = []
        func run() throws { try IncidentCommand.perform(options) { try $0.note(id, text.joined(separator: " ")) } }
    }

    struct SeverityChange: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "severity", abstract: "Change the severity.")
        @OptionGroup var options: Options
        @Argument var id: String
        @Argument(help: "sev1, sev2, sev3 or sev4.") var severity: SeverityArgument
        func run() throws { try IncidentCommand.perform(options) { try $0.setSeverity(id, severity.value) } }
    }

    struct Lead: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take the lead, or hand it to --to NAME.")
        @OptionGroup var options: Options
        @Argument var id: String
        @Option(help: "Who leads (default: you).") var to: String?
        func run() throws { try IncidentCommand.perform(options) { try $0.setLead(id, to) } }
    }

    struct Mitigate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark mitigated (the impact has stopped).")
        @OptionGroup var options: Options
        @Argument var id: String
        @Argument(help: "Words of the text (quote it to keep spacing).") var text: [String] = []
        func run() throws { try IncidentCommand.perform(options) { try $0.mitigate(id, text.isEmpty ? nil : text.joined(separator: " ")) } }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Resolve, saying how it ended: --as fixed, upstream, noise or duplicate.",
            discussion: IncidentResolution.allCases.map { "  \($0.rawValue): \($0.help)" }.joined(separator: "\n")
                + "\nAlert precision is the share of fixed and upstream among resolved incidents.")
        @OptionGroup var options: Options
        @Argument var id: String
        @Option(name: .customLong("as"), help: "How it ended: fixed, upstream, noise or duplicate.") var how: IncidentResolution
        @Argument(help: "Words of the text (quote it to keep spacing).") var text: [String] = []
        func run() throws {
            try IncidentCommand.perform(options) { try $0.resolve(id, as: how, text.isEmpty ? nil : text.joined(separator: " ")) }
        }
    }

    struct PostmortemCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "postmortem", abstract: "Print a Markdown postmortem.")
        @OptionGroup var options: Options
        @Argument var id: String

        func run() throws {
            let (store, _) = try options.context(writing: false)
            guard let s = try store.incident(id: id) else { throw Refused("no incident \(id) in the store") }
            print(try Postmortem.markdown(s, store: store), terminator: "")
        }
    }

    /// Runs one change; an action refused (wrong state, unknown id) is a clear one-line error, exit 1.
    static func perform(_ options: Options, _ body: (IncidentActions) throws -> Void) throws {
        let (_, actions) = try options.context(writing: true)
        do {
            try body(actions)
        } catch let failure as IncidentActions.Failure {
            throw Refused(failure.description)
        }
    }
}

/// "sev1" ... "sev4" (also "1" ... "4", any case).
struct SeverityArgument: ExpressibleByArgument {
    let value: Severity
    init?(argument: String) {
        let digits = argument.lowercased().replacingOccurrences(of: "sev", with: "")
        guard let n = Int(digits), let s = Severity(rawValue: n) else { return nil }
        value = s
    }
    static var allValueStrings: [String] { ["sev1", "sev2", "sev3", "sev4"] }
}

extension IncidentResolution: ExpressibleByArgument {}

/// A request Vigil will not carry out: printed as "vigil: <why>" on stderr, exit status 1, no usage text.
struct Refused: Error, CustomStringConvertible {
    let reason: String
    init(_ reason: String) { self.reason = reason }
    var description: String { reason }
}
