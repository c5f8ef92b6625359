import VigilCore

/// The panes of the console, in key order (1-5).
public enum Pane: Int, CaseIterable, Sendable {
    case health = 1, freshness, incidents, runbook, sources

    public var title: String {
        switch self {
        case .health: return "Health"
        case .freshness: return "Freshness"
        case .incidents: return "Incidents"
        case .runbook: return "Runbook"
        case .sources: return "Sources"
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

    public var crumb: String {
        switch self {
        case .pipelineRuns(_, let id): return TextSanitizer.singleLine(id)
        case .runTasks(_, _, let runID): return "run " + TextSanitizer.singleLine(runID)
        case .dataset(let name): return TextSanitizer.singleLine(name)
        case .source(let name): return TextSanitizer.singleLine(name)
        }
    }
}

/// Identifies a list on screen, so each keeps its own selection, scroll and filter.
public enum ViewID: Sendable, Hashable {
    case pane(Pane)
    case route(Route)
}
