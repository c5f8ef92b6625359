import Foundation

public struct RunbookStep: Codable, Sendable, Equatable {
    public var title: String
    /// Longer guidance under the step, if any.
    public var detail: String?
    /// A shell command the step suggests, if any.
    public var command: String?

    public init(title: String, detail: String? = nil, command: String? = nil) {
        self.title = title
        self.detail = detail
        self.command = command
    }
}

public struct Runbook: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var title: String
    public var steps: [RunbookStep]
    /// What the runbook is for; empty means it is only ever attached by hand (see RunbookMatcher).
    public var appliesTo: [RunbookSelector]
    /// The severity an incident it covers usually warrants, when the author says.
    public var severity: Severity?
    /// The Markdown file it was read from, for "edit it here" hints; nil for built-in runbooks.
    public var sourcePath: String?

    public init(id: String, title: String, steps: [RunbookStep], appliesTo: [RunbookSelector] = [],
                severity: Severity? = nil, sourcePath: String? = nil) {
        self.id = id
        self.title = title
        self.steps = steps
        self.appliesTo = appliesTo
        self.severity = severity
        self.sourcePath = sourcePath
    }

    private enum CodingKeys: String, CodingKey { case id, title, steps, appliesTo, severity, sourcePath }

    // Written by hand so JSON from before appliesTo existed still decodes.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        steps = try c.decode([RunbookStep].self, forKey: .steps)
        appliesTo = try c.decodeIfPresent([RunbookSelector].self, forKey: .appliesTo) ?? []
        severity = try c.decodeIfPresent(Severity.self, forKey: .severity)
        sourcePath = try c.decodeIfPresent(String.self, forKey: .sourcePath)
    }
}

public enum StepStatus: String, Codable, Sendable {
    case pending, done, skipped
}

/// Who did what to one step of an incident's runbook; shared through the store.
public struct RunbookStepProgress: Codable, Sendable, Equatable {
    public var incidentID: String
    public var runbookID: String
    public var stepIndex: Int
    public var status: StepStatus
    public var actor: String
    public var at: Date
    public var note: String?

    public init(incidentID: String, runbookID: String, stepIndex: Int, status: StepStatus, actor: String, at: Date,
                note: String? = nil) {
        self.incidentID = incidentID
        self.runbookID = runbookID
        self.stepIndex = stepIndex
        self.status = status
        self.actor = actor
        self.at = at
        self.note = note
    }
}
