import Foundation
import VigilCore
import VigilStore
import VigilUI

/// What a person does to an incident. Every action appends to the incident's timeline (who, when, what) and
/// updates the incident in one transaction; the timeline is never edited. Used by `vigil incident` and the console.
public struct IncidentActions: Sendable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notFound(String)
        case notAllowed(id: String, state: IncidentState, action: String)
        case emptyText(String)
        case noActionItem(id: String, number: Int)
        /// The item is already done (or, reopening, already open).
        case actionItemAlready(id: String, number: Int, done: Bool)

        public var description: String {
            switch self {
            case .notFound(let id): return "no incident \(id) in the store"
            case let .notAllowed(id, state, action): return "\(id) is \(state.rawValue): cannot \(action)"
            case .emptyText(let what): return "\(what) is empty"
            case let .noActionItem(id, number): return "\(id) has no action item \(number)"
            case let .actionItemAlready(id, number, done): return "\(id) action item \(number) is \(done ? "done" : "open") already"
            }
        }
    }

    let store: Store
    /// Who is acting: recorded on every entry.
    public let actor: String
    let clock: @Sendable () -> Date

    public init(store: Store, actor: String, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.actor = actor
        self.clock = clock
    }

    /// Opens an incident by hand; returns its id.
    @discardableResult
    public func open(title: String, severity: Severity, runbook: Runbook? = nil) throws -> String {
        let text = TypedText.line(title)
        guard !text.isEmpty else { throw Failure.emptyText("the title") }
        let now = clock()
        var id = ""
        try store.write { w in
            id = try w.nextIncidentID()
            if let runbook { try w.upsertRunbook(runbook) }
            try w.upsertIncident(Incident(id: id, title: text, severity: severity, openedAt: now, runbookID: runbook?.id))
            try w.appendTimeline(TimelineEvent(incidentID: id, at: now, kind: .detected, actor: actor,
                                               text: "opened by hand: \(text) (\(severity.label))"))
        }
        return id
    }

    public func acknowledge(_ id: String) throws {
        try change(id, action: "acknowledge", allowed: [.triggered]) { incident in
            incident.state = .acknowledged
            if incident.lead == nil { incident.lead = actor }
            return (.acknowledged, "acknowledged" + (incident.lead == actor ? "; \(actor) leads" : ""))
        }
    }

    public func note(_ id: String, _ text: String) throws {
        try append(id, .note, text, named: "the note", action: "add a note")
    }

    /// Records an action carried out on an orchestrator (what, and the orchestrator's answer), whatever the state.
    public func recordAction(_ id: String, _ text: String) throws {
        try append(id, .action, text, named: "the action", action: "record an action")
    }

    /// A timeline entry of text, in any state.
    private func append(_ id: String, _ kind: TimelineEventKind, _ text: String, named: String, action: String) throws {
        let clean = TypedText.block(text)
        guard !clean.isEmpty else { throw Failure.emptyText(named) }
        try change(id, action: action, allowed: IncidentState.allCases) { _ in (kind, clean) }
    }

    public func setSeverity(_ id: String, _ severity: Severity) throws {
        try change(id, action: "change its severity", allowed: [.triggered, .acknowledged, .mitigated]) { incident in
            let old = incident.severity
            incident.severity = severity
            return (.severityChanged, "severity \(old.label) → \(severity.label)")
        }
    }

    /// `lead` nil: the actor takes the lead.
    public func setLead(_ id: String, _ lead: String? = nil) throws {
        let who = TypedText.line(lead ?? actor)
        guard !who.isEmpty else { throw Failure.emptyText("the lead") }
        try change(id, action: "change its lead", allowed: [.triggered, .acknowledged, .mitigated]) { incident in
            let old = incident.lead
            incident.lead = who
            return (.leadChanged, "lead " + (old.map { "\($0) → " } ?? "") + who)
        }
    }

    public func mitigate(_ id: String, _ text: String? = nil) throws {
        try change(id, action: "mitigate", allowed: [.triggered, .acknowledged]) { incident in
            incident.state = .mitigated
            return (.mitigated, "mitigated" + (text.map { ": " + TypedText.block($0) } ?? ""))
        }
    }

    /// `how`: what the incident turned out to be (alert precision counts them); nil only for callers that cannot ask.
    public func resolve(_ id: String, as how: IncidentResolution? = nil, _ text: String? = nil) throws {
        let now = clock()
        try change(id, action: "resolve", allowed: [.triggered, .acknowledged, .mitigated]) { incident in
            incident.state = .resolved
            incident.resolvedAt = now
            incident.resolution = how
            return (.resolved, "resolved" + (how.map { " as \($0.rawValue)" } ?? "") + (text.map { ": " + TypedText.block($0) } ?? ""))
        }
    }

    /// Reads, checks the state, applies `body` and appends its timeline entry, all in one write transaction, so two
    /// people acting at once cannot both acknowledge (the second sees the first's state).
    private func change(_ id: String, action: String, allowed: [IncidentState],
                        _ body: (inout Incident) -> (TimelineEventKind, String)) throws {
        let now = clock()
        var failure: Failure?
        try store.write { w in
            guard var incident = try w.incident(id: id) else { failure = .notFound(id); return }
            guard allowed.contains(incident.state) else {
                failure = .notAllowed(id: id, state: incident.state, action: action)
                return
            }
            let (kind, text) = body(&incident)
            try w.upsertIncident(incident)
            try w.appendTimeline(TimelineEvent(incidentID: id, at: now, kind: kind, actor: actor, text: text))
        }
        if let failure { throw failure }
    }
}

/// Text typed by a person or a script, stored as typed but safe: no escape sequences or controls, bounded.
enum TypedText {
    /// One line (titles, names).
    static func line(_ text: String) -> String {
        String(TextSanitizer.clean(text).split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces).prefix(200))
    }

    /// Several lines kept (notes, command output), at most 4,000 characters.
    static func block(_ text: String) -> String {
        String(TextSanitizer.clean(text).trimmingCharacters(in: .whitespacesAndNewlines).prefix(4_000))
    }
}
