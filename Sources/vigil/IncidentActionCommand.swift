import ArgumentParser
import Foundation
import VigilApp
import VigilCore
import VigilStore

/// `vigil incident action ...`: postmortem action items, numbered 1, 2, 3… within their incident.
struct ActionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "action",
        abstract: "Postmortem action items: add one, mark it done or open again, list them.",
        subcommands: [Add.self, Done.self, Reopen.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an action item to an incident; prints its number.")
        @OptionGroup var options: IncidentCommand.Options
        @Argument(help: "Incident id, e.g. INC-3.") var id: String
        @Option(help: "What will be done, in one line.") var text: String
        @Option(help: "Who will do it.") var owner: String?
        @Option(help: "The day it is due, YYYY-MM-DD (UTC); overdue once that day has passed.") var due: String?

        func run() throws {
            var day: Date?
            if let due {
                guard let parsed = ActionItem.dueDay(parsing: due) else {
                    throw Refused("--due \(TextSanitizer.singleLine(due)) is not a day: YYYY-MM-DD, e.g. 2026-12-01")
                }
                day = parsed
            }
            var added: ActionItem?
            try IncidentCommand.perform(options) { added = try $0.addActionItem(id, text: text, owner: owner, due: day) }
            if let added { print(added.number) }
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark an action item done.")
        @OptionGroup var options: IncidentCommand.Options
        @Argument(help: "Incident id, e.g. INC-3.") var id: String
        @Argument(help: "The item's number within the incident.") var number: Int
        func run() throws { try IncidentCommand.perform(options) { try $0.markActionItem(id, number: number, done: true) } }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a done action item open again.")
        @OptionGroup var options: IncidentCommand.Options
        @Argument(help: "Incident id, e.g. INC-3.") var id: String
        @Argument(help: "The item's number within the incident.") var number: Int
        func run() throws { try IncidentCommand.perform(options) { try $0.markActionItem(id, number: number, done: false) } }
    }

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "An incident's action items (open first), or without ID every incident's open ones, soonest due first.",
            discussion: "Text: one line each, tab-separated: incident, number, state (open, overdue or done), owner, due day, text.")
        @OptionGroup var options: IncidentCommand.Options
        @Argument(help: "Incident id, e.g. INC-3 (default: every incident's open items).") var id: String?
        @Flag(help: "Only items not done yet.") var open = false
        @Option(help: "text or json.") var format: Format = .text

        func run() throws {
            let (store, _) = try options.context(writing: false)
            var items: [ActionItem]
            if let id {
                guard let incident = try store.incident(id: id) else { throw Refused("no incident \(id) in the store") }
                items = ActionItem.openFirst(incident.actionItems)
                if open { items = items.filter { !$0.isDone } }
            } else {
                items = try store.openActionItems()
            }
            let now = Date()
            let iso = Date.ISO8601FormatStyle()
            switch format {
            case .json:
                let rows: [[String: Any]] = items.map { item in
                    ["incident": item.incidentID, "number": item.number, "text": item.text, "owner": item.owner ?? NSNull(),
                     "due": item.due.map(ActionItem.dayText) ?? NSNull(), "state": item.state(at: now),
                     "overdue": item.isOverdue(at: now), "created_at": item.createdAt.formatted(iso),
                     "created_by": item.createdBy, "done_at": item.doneAt.map { $0.formatted(iso) } ?? NSNull(),
                     "done_by": item.doneBy ?? NSNull()]
                }
                let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            case .text:
                if items.isEmpty { printError(id.map { "no \(open ? "open " : "")action items on \($0)" } ?? "no open action items") }
                // Texts and owners are typed by people: one clean line each, no tabs.
                for item in items {
                    let fields = [item.incidentID, "\(item.number)", item.state(at: now), item.owner ?? "-",
                                  item.due.map(ActionItem.dayText) ?? "-", item.text]
                    print(fields.map { TextSanitizer.singleLine($0).replacingOccurrences(of: "\t", with: " ") }.joined(separator: "\t"))
                }
            }
        }
    }
}
