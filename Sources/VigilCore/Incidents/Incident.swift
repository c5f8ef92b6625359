import Foundation

public enum Severity: Int, Codable, Sendable, CaseIterable, Comparable {
    case sev1 = 1, sev2, sev3, sev4

    public var label: String { "SEV\(rawValue)" }
    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }
}

public enum IncidentState: String, Codable, Sendable, CaseIterable {
    case triggered, acknowledged, mitigated, resolved

    public var isOpen: Bool { self != .resolved }
}

/// What an incident is about. On-call's first rule: a pipeline failure is not a data correctness failure.
public enum IncidentKind: String, Codable, Sendable, CaseIterable {
    /// Data arrived late or not at all (a stale dataset, a burning freshness budget) with no failed pipeline found.
    case freshness
    /// A pipeline failed (directly, or as the cause of stale data).
    case pipeline
    /// Data arrived but is wrong: failing tests, a volume drop, a schema change.
    case correctness = "data_correctness"

    public var label: String {
        switch self {
        case .freshness: return "freshness"
        case .pipeline: return "pipeline"
        case .correctness: return "data correctness"
        }
    }
}

/// How an incident ended, asked when it is resolved: what alert precision is made of.
public enum IncidentResolution: String, Codable, Sendable, CaseIterable {
    /// Something of ours was broken and was fixed.
    case fixed
    /// The cause was another team's system; real, but not ours to fix.
    case upstream
    /// Nothing was wrong: the alert should not have fired.
    case noise
    /// Another incident already covered it.
    case duplicate

    /// Whether the alert was worth someone's time (alert precision counts these over all resolved).
    public var isActionable: Bool { self == .fixed || self == .upstream }

    public var help: String {
        switch self {
        case .fixed: return "something of ours was broken and was fixed"
        case .upstream: return "the cause was another team's system"
        case .noise: return "nothing was wrong: the alert should not have fired"
        case .duplicate: return "another incident already covered it"
        }
    }
}

public struct Incident: Codable, Sendable, Equatable, Identifiable {
    /// Short human id, e.g. "INC-7".
    public var id: String
    public var title: String
    public var severity: Severity
    public var state: IncidentState
    public var openedAt: Date
    public var resolvedAt: Date?
    public var lead: String?
    public var affectedDatasets: [String]
    public var affectedPipelines: [String]
    /// Runbook attached to the incident, if any.
    public var runbookID: String?
    /// The cause detection opened it for: its lineage node as text (`LineageNode(parsing:)` reads it back:
    /// "pipeline:SOURCE/ID" or the subject itself), or a correctness key (`IncidentDetection.correctnessKeyPrefix`);
    /// signals with the same cause land on this incident. nil for incidents opened by hand.
    public var causeKey: String?
    /// When the earliest signal began (time to detect = openedAt - signalAt); nil when unknown or opened by hand.
    public var signalAt: Date?
    /// What it is about; nil for incidents opened by hand.
    public var kind: IncidentKind?
    /// How it ended (asked at resolve); nil while open, or resolved before resolutions were asked.
    public var resolution: IncidentResolution?
    /// The change detection named as "changed before the failure" (`Change.id`), when there was one.
    public var causeChangeID: String?

    public init(id: String, title: String, severity: Severity, state: IncidentState = .triggered, openedAt: Date,
                resolvedAt: Date? = nil, lead: String? = nil, affectedDatasets: [String] = [],
                affectedPipelines: [String] = [], runbookID: String? = nil, causeKey: String? = nil, signalAt: Date? = nil,
                kind: IncidentKind? = nil, resolution: IncidentResolution? = nil, causeChangeID: String? = nil) {
        self.kind = kind
        self.resolution = resolution
        self.causeChangeID = causeChangeID
        self.causeKey = causeKey
        self.signalAt = signalAt
        self.id = id
        self.title = title
        self.severity = severity
        self.state = state
        self.openedAt = openedAt
        self.resolvedAt = resolvedAt
        self.lead = lead
        self.affectedDatasets = affectedDatasets
        self.affectedPipelines = affectedPipelines
        self.runbookID = runbookID
    }
}

public enum TimelineEventKind: String, Codable, Sendable, CaseIterable {
    case detected, acknowledged, note, severityChanged = "severity_changed", leadChanged = "lead_changed"
    case stepDone = "step_done", stepSkipped = "step_skipped", mitigated, resolved, signal
    /// Detection saw everything the incident lists healthy again (said once; a person still resolves it).
    case recovered
    /// Someone acted on an orchestrator from Vigil (cleared a task, triggered a run, paused a DAG): what, and its answer.
    case action
    /// An alert about it was delivered to a notify target (the first success, a resolution, a target back after failing).
    case notified
    /// Delivering an alert about it failed (the first failure and each new error; retries continue).
    case notifyFailed = "notify_failed"
    /// A postmortem action item was added, marked done or reopened (`ActionItem`): its number and text.
    case actionItem = "action_item"
}

/// An append-only entry on an incident's timeline.
public struct TimelineEvent: Codable, Sendable, Equatable {
    public var incidentID: String
    public var at: Date
    public var kind: TimelineEventKind
    public var actor: String
    /// Untrusted text (notes, command output); sanitised before drawing.
    public var text: String

    public init(incidentID: String, at: Date, kind: TimelineEventKind, actor: String, text: String) {
        self.incidentID = incidentID
        self.at = at
        self.kind = kind
        self.actor = actor
        self.text = text
    }
}
