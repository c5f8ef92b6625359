import VigilCore

/// The panes of the console, in key order (1-6).
public enum Pane: Int, CaseIterable, Sendable {
    case health = 1, freshness, incidents, runbook, sources, changes

    public var title: String {
        switch self {
        case .health: return "Health"
        case .freshness: return "Freshness"
        case .incidents: return "Incidents"
        case .runbook: return "Runbook"
        case .sources: return "Sources"
        case .changes: return "Changes"
        }
    }

    public var next: Pane { Pane(rawValue: rawValue % Self.allCases.count + 1)! }
    public var previous: Pane { Pane(rawValue: (rawValue + Self.allCases.count - 2) % Self.allCases.count + 1)! }

    public init?(name: String) {
        guard let p = Pane.allCases.first(where: { $0.title.lowercased() == name.lowercased() }) else { return nil }
        self = p
    }
}

/// A drill-down view pushed on top of a pane; Esc pops it.
public enum Route: Sendable, Hashable {
    case pipelineRuns(source: String, pipelineID: String)
    case runTasks(source: String, pipelineID: String, runID: String)
    case dataset(name: String)
    case source(name: String)
    /// The log of one try of a task instance (fetched from the orchestrator, not the store).
    case taskLog(TaskLogRef)
    /// One change in full (from the snapshot), by `Change.id`; its title is the crumb.
    case change(id: String, title: String)

    /// Views whose data is read from the store (a task log is fetched from its orchestrator instead).
    var isStoreView: Bool {
        if case .taskLog = self { return false }
        return true
    }

    public var crumb: String {
        switch self {
        case .pipelineRuns(_, let id): return TextSanitizer.singleLine(id)
        case .runTasks(_, _, let runID): return "run " + TextSanitizer.singleLine(runID)
        case .dataset(let name): return TextSanitizer.singleLine(name)
        case .source(let name): return TextSanitizer.singleLine(name)
 case .change(_, let title): return "change " + TextSanitizer.singleLine(String(title.prefix(40)))
        case .taskLog(let ref): return "log " + TextSanitizer.singleLine(ref.taskID) + " try \(ref.tryNumber)"
        }
    }
}

/// Identifies a list on screen, so each keeps its own selection, scroll and filter.
public enum ViewID: Sendable, Hashable {
    case pane(Pane)
    case route(Route)
}
