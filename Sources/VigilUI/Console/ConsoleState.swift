import Foundation
import VigilCore

/// Everything the console shows, as a value. `Console.update` is the only thing that changes it and
/// `Console.render` the only thing that draws it; neither does I/O (reads and writes are effects, run elsewhere).
public struct ConsoleState: Sendable {
    public internal(set) var snapshot: PlatformSnapshot
    public internal(set) var pane: Pane
    /// What has the keyboard besides the lists: help, the filter line, a question, the command palette.
    var mode: Mode = .normal
    /// Standup mode, when on: full screen, read-only, rotating pages.
    public internal(set) var standup: StandupState?
    /// Standup's figures (last 24 h, SLOs by tier, MTTR over 8 weeks of incidents), worked out with the data read
    /// for it, off the UI thread; nil until the first read after `S`.
    var standupFigures: StandupFigures?
    /// The data just replaced, handed to the runtime to be freed off the UI thread (20,000 summaries take a while).
    public internal(set) var retired: Retired?
    /// One-line outcome of the last action ("INC-3 acknowledged", or why it was refused), until the next key.
    public internal(set) var flash: Flash?
    /// Last failure to read the store; the console keeps showing the last good data.
    public internal(set) var readError: String?
    public internal(set) var shouldQuit = false
    /// True once data from the store has been shown (until then the body says it is being read).
    public internal(set) var hasLoaded = false

    var stacks: [Pane: [Route]] = [:]
    var lists: [ViewID: ListState] = [:]
    var filters: [ViewID: String] = [:]
    var sorts: [ViewID: SortOrder] = [:]
    var drill: [Route: DrillData] = [:]
    /// Drill-down reads (and log fetches) under way, for the spinner.
    var pendingDrill: Set<Route> = []
    /// The incident whose runbook the Runbook pane's cursor was last placed for.
    var runbookCursorIncident: String?
    /// Lines typed into the command palette, newest last.
    var paletteHistory: [String] = []
    /// First line of `?` shown, when the help is longer than the screen.
    var helpScroll = 0
    /// Frame counter of the spinner shown while something loads.
    var spinner = 0

    /// The store's change token of the data shown; a read is under way while `loading`, and another is
    /// wanted when the store changed meanwhile.
    var token: Int64?
    var loading = false
    var reloadWanted = false
    /// When the first tick after a failed read came: the read is tried again `Console.readRetry` after it.
    var readFailedSeenAt: Date?
    /// The console's clock when the data shown arrived: the rows are read again when its minute turns.
    var shownAt: Date?

    /// What this console may do: incident writes, orchestrator actions per source.
    public var capabilities: ConsoleCapabilities
    /// Where lists and tabs were drawn in the last frame (`Console.render` returns it; the runtime hands it back).
    public internal(set) var layout = FrameLayout()
    var size = (width: 120, height: 40)
    /// Wall-clock time as the last tick said (standup turns pages by it, also in the demo).
    var clock: Date

    /// Rows of each pane for the current snapshot, filter and sort: rebuilt by `update`, read by `render`.
    var rows = RowCache()

    public init(pane: Pane = .health, capabilities: ConsoleCapabilities = ConsoleCapabilities(), now: Date = Date()) {
        self.pane = pane
        self.capabilities = capabilities
        self.snapshot = PlatformSnapshot(now: now)
        self.clock = now
    }

    public struct Flash: Sendable, Equatable {
        public var text: String
        public var isError: Bool
    }

    enum Mode: Sendable, Equatable {
        case normal, help
        /// Typing the filter (or, in a log view, the search) of the current view.
        case filter
        case prompt(Prompt)
        case palette(Palette)
    }

    // MARK: reading the state

    var currentView: ViewID {
        if let route = stacks[pane]?.last { return .route(route) }
        return .pane(pane)
    }

    public var breadcrumbs: [String] { [pane.title] + (stacks[pane] ?? []).map(\.crumb) }
    public var currentFilter: String { filters[currentView] ?? "" }
    func filter(for view: ViewID) -> String { filters[view] ?? "" }
    func list(_ view: ViewID) -> ListState { lists[view] ?? ListState() }
    var isEditingFilter: Bool { mode == .filter }
    var prompt: Prompt? { if case .prompt(let p) = mode { return p } else { return nil } }
    var palette: Palette? { if case .palette(let p) = mode { return p } else { return nil } }
    var showHelp: Bool { mode == .help }

    var healthRows: [HealthRow] { rows.health.value }
    var freshnessRows: [FreshnessRow] { rows.freshness.value }
    var incidentRows: [IncidentSummary] { rows.incidents.value }
    var sourceRows: [SourceStatus] { rows.sources.value }
    var changeRows: [ChangeRow] { rows.changes.value }
    var headerCounts: HeaderCounts { rows.header ?? HeaderCounts(snapshot) }

    /// The incident the Incidents timeline and the Runbook pane show: the Incidents list's selection, by id.
    var selectedIncident: IncidentSummary? {
        guard let id = lists[.pane(.incidents)]?.selectedID else { return incidentRows.first }
        return snapshot.incidents.first { $0.incident.id == id }
    }

    func runRows(_ route: Route) -> [PipelineRun] {
        guard case .runs(let runs)? = drill[route] else { return [] }
        let f = filter(for: .route(route))
        let shown = f.isEmpty ? runs : runs.filter { $0.runID.localizedCaseInsensitiveContains(f) || $0.state.rawValue.contains(f.lowercased()) }
        return Sorting.apply(sorts[.route(route)], to: shown, columns: Sorting.runs)
    }

    func taskRows(_ route: Route) -> [TaskInstance] {
        guard case .tasks(_, let tasks)? = drill[route] else { return [] }
        let f = filter(for: .route(route))
        let shown = f.isEmpty ? tasks : tasks.filter { $0.taskID.localizedCaseInsensitiveContains(f) || $0.state.rawValue.contains(f.lowercased()) }
        return Sorting.apply(sorts[.route(route)], to: shown, columns: Sorting.tasks)
    }

    var selectedRunbook: Runbook? { snapshot.runbook(id: selectedIncident?.incident.runbookID) }

    /// Number of rows in the list a view shows (for moving and clamping).
    func rowCount(_ view: ViewID) -> Int {
        switch view {
        case .pane(.health): return healthRows.count
        case .pane(.freshness): return freshnessRows.count
        case .pane(.incidents): return incidentRows.count
        case .pane(.runbook): return selectedRunbook?.steps.count ?? 0
        case .pane(.sources): return sourceRows.count
        case .pane(.changes): return changeRows.count
        case .route(let r):
            switch r {
            case .pipelineRuns: return runRows(r).count
            case .runTasks: return taskRows(r).count
            case .taskLog: return logLines(r).count
            case .dataset, .source, .change: return 0
            }
        }
    }

    /// A stable name for row `index` of a view, so the selection follows the row when rows move.
    func rowID(_ view: ViewID, _ index: Int) -> String? {
        func at<T>(_ rows: [T], _ id: (T) -> String) -> String? { rows.indices.contains(index) ? id(rows[index]) : nil }
        switch view {
        case .pane(.health): return at(healthRows) { $0.pipeline.id }
        case .pane(.freshness): return at(freshnessRows) { $0.name }
        case .pane(.incidents): return at(incidentRows) { $0.incident.id }
        case .pane(.sources): return at(sourceRows) { $0.name }
        case .pane(.changes): return at(changeRows) { $0.id }
        case .pane(.runbook): return nil
        case .route(let r):
            switch r {
            case .pipelineRuns: return at(runRows(r)) { $0.runID }
            case .runTasks: return at(taskRows(r)) { $0.taskID }
            default: return nil
            }
        }
    }

    func index(of id: String, in view: ViewID) -> Int? {
        switch view {
        case .pane(.health): return healthRows.firstIndex { $0.pipeline.id == id }
        case .pane(.freshness): return freshnessRows.firstIndex { $0.name == id }
        case .pane(.incidents): return incidentRows.firstIndex { $0.incident.id == id }
        case .pane(.sources): return sourceRows.firstIndex { $0.name == id }
        case .pane(.changes): return changeRows.firstIndex { $0.id == id }
        case .route(let r):
            switch r {
            case .pipelineRuns: return runRows(r).firstIndex { $0.runID == id }
            case .runTasks: return taskRows(r).firstIndex { $0.taskID == id }
            default: return nil
            }
        default: return nil
        }
    }

    /// The task instance selected in a run's task list.
    var selectedTask: TaskInstance? {
        guard case .route(let r) = currentView, case .runTasks = r else { return nil }
        let rows = taskRows(r)
        let i = list(currentView).selected
        return rows.indices.contains(i) ? rows[i] : nil
    }

    /// The pipeline the current view is about (Health selection, a runs or task list), for trigger and pause.
    var selectedPipeline: (source: String, id: String)? {
        switch currentView {
        case .pane(.health):
            let i = list(.pane(.health)).selected
            return healthRows.indices.contains(i) ? (healthRows[i].pipeline.source, healthRows[i].pipeline.pipelineID) : nil
        case .route(.pipelineRuns(let s, let id)), .route(.runTasks(let s, let id, _)): return (s, id)
        default: return nil
        }
    }

    /// Lines of a fetched log, filtered by nothing (search moves between matches instead of hiding lines).
    func logLines(_ route: Route) -> [String] {
        guard case .log(let log, _)? = drill[route] else { return [] }
        return log.lines
    }

    /// Rows a page holds in the current list (known from the last frame, else guessed from the terminal size).
    var pageHeight: Int { layout.listView == currentView ? layout.listBody?.height ?? 10 : max(5, size.height - 9) }
}

/// Replaced data, kept alive until the runtime lets go of it on a background queue.
public final class Retired: @unchecked Sendable {
    let items: [Any]
    init(_ items: [Any]) { self.items = items }
}

/// What a console may do besides looking, decided when it starts (flags, config, credentials).
public struct ConsoleCapabilities: Sendable, Equatable {
    /// A read-only console (`--read-only`, `read_only: true`, `vigil standup`): no incident keys, no runbook steps,
    /// no orchestrator actions; each says so in its own words.
    public var readOnly: Bool
    /// Sources whose orchestrator accepts actions from this console (they have an `actions:` credential).
    public var actionSources: Set<String>
    /// Why a source takes no actions, for the ones that do not (e.g. "dbt sources take no actions").
    public var actionRefusals: [String: String]

    public static let readOnlyReason = "read-only console: incident actions are off (vigil incident … from a writable Vigil)"

    public init(readOnly: Bool = false, actionSources: Set<String> = [], actionRefusals: [String: String] = [:]) {
        self.readOnly = readOnly
        self.actionSources = actionSources
        self.actionRefusals = actionRefusals
    }

    /// Why incident keys are off; nil when they work.
    var incidentRefusal: String? { readOnly ? Self.readOnlyReason : nil }

    /// Why runbook steps cannot be checked or run here; nil when they can.
    var runbookRefusal: String? {
        readOnly ? "read-only console: runbook steps are not recorded and commands never run here" : nil
    }

    /// Why an orchestrator action on `source` is refused now; nil when it can be done.
    func actionRefusal(source: String) -> String? {
        if readOnly { return "read-only console: orchestrator actions are off" }
        if actionSources.contains(source) { return nil }
        return actionRefusals[source] ?? "source \(source) has no actions: credential, so this console cannot change it"
    }
}

/// A column sort chosen with its key; `descending` flips on the second press.
struct SortOrder: Sendable, Equatable {
    var letter: Character
    var descending = false
}

/// A list's cursor: its row (by index for drawing, by id so it follows the row when data changes) and scroll.
public struct ListState: Sendable, Equatable {
    public var selected: Int = 0
    public var offset: Int = 0
    /// The selected row's id, when its list has ids; kept by `update`, used to find the row again.
    public var selectedID: String?

    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// Keeps selection inside [0, count) and the selected row inside the viewport of `height` rows.
    public mutating func clamp(count: Int, height: Int) {
        guard count > 0 else { selected = 0; offset = 0; return }
        selected = min(max(0, selected), count - 1)
        let h = max(1, height)
        if selected < offset { offset = selected }
        if selected >= offset + h { offset = selected - h + 1 }
        offset = min(max(0, offset), max(0, count - h))
    }

    public mutating func move(by delta: Int, count: Int, height: Int) {
        selected += delta
        clamp(count: count, height: height)
    }

    /// Scrolls the viewport (mouse wheel) and drags the selection along when it leaves the view.
    public mutating func scroll(by delta: Int, count: Int, height: Int) {
        let h = max(1, height)
        offset = min(max(0, offset + delta), max(0, count - h))
        if selected < offset { selected = offset }
        if selected >= offset + h { selected = offset + h - 1 }
        clamp(count: count, height: height)
    }

    public func visibleRange(count: Int, height: Int) -> Range<Int> {
        let start = min(offset, count)
        return start..<min(count, start + max(0, height))
    }
}

/// Rows of each pane for the current snapshot, remembered per filter and sort.
struct RowCache: Sendable {
    struct Entry<Row: Sendable>: Sendable {
        var key: String?
        var value: [Row] = []

        /// The rows of each filter typed under the current sort, "" (every row, sorted) among them; emptied with the data.
        var typed: [String: [Row]] = [:]
        var typedSort = ""

        /// Rebuilds the rows when the key (filter and sort) changed; true when it did.
        @discardableResult
        mutating func rows(_ key: String, build: (String) -> [Row]) -> Bool {
            guard self.key != key else { return false }
            value = build(key)
            self.key = key
            return true
        }

        /// The rows matching `filter` in the order `sort` names, taken from the rows of the longest filter typed
        /// before that this one starts with: typing a character filters what the previous one kept, not every row,
        /// and a backspace finds its rows as they were. Filtering and a stable sort commute, so this gives what
        /// sorting the filtered rows gives. Filters beyond ASCII (matched by Foundation's case folding) start from
        /// every row. True when the rows changed.
        mutating func narrowed(filter: String, sort: String, sortedAll: () -> [Row],
                               keep: (TextSearch.Needle) -> (Row) -> Bool) -> Bool {
            let key = filter + "\u{1F}" + sort
            guard self.key != key else { return false }
            if typedSort != sort || typed.count > 64 { typed = [:] }
            typedSort = sort
            let all = typed[""] ?? sortedAll()
            typed[""] = all
            if let known = typed[filter] {
                value = known
            } else {
                let ascii = filter.utf8.allSatisfy { $0 < 0x80 }
                let base = ascii ? typed.keys.filter { filter.hasPrefix($0) }.max { $0.utf8.count < $1.utf8.count } : nil
                value = (base.flatMap { typed[$0] } ?? all).filter(keep(TextSearch.Needle(filter)))
                typed[filter] = value
            }
            self.key = key
            return true
        }
    }

    var allHealth = Entry<HealthRow>()
    var health = Entry<HealthRow>()
    var allFreshness = Entry<FreshnessRow>()
    var freshness = Entry<FreshnessRow>()
    var header: HeaderCounts?
    var incidents = Entry<IncidentSummary>()
    var sources = Entry<SourceStatus>()
    var allChanges = Entry<ChangeRow>()
    var changes = Entry<ChangeRow>()
    var palette: PaletteIndex?
}

/// Screen regions of the last frame, used to map mouse clicks.
public struct FrameLayout: Sendable, Equatable {
    public var tabs: [TabHit] = []
    /// The list body (rows under the column header) and the view it belongs to.
    public var listBody: Rect?
    var listView: ViewID?

    public struct TabHit: Sendable, Equatable {
        public var pane: Pane
        public var range: Range<Int>
    }
}
