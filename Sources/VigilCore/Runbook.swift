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

    public init(id: String, title: String, steps: [RunbookStep]) {
        self.id = id
        self.title = title
        self.steps = steps
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
