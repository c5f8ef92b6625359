import Foundation
import VigilCore

/// The console's state machine: takes input events and store changes, and renders frames.
/// Pure apart from reads through `ConsoleDataSource`, so it is tested without a terminal.
public final class ConsoleController {
    public internal(set) var snapshot: PlatformSnapshot
    /// Rows and header counts built from the snapshot; emptied when the data or the minute changes.
    var rowCache = RowCache()
    public internal(set) var pane: Pane = .health
    public internal(set) var showHelp = false
    public internal(set) var isEditingFilter = false
    public internal(set) var shouldQuit = false
    /// Last failure to read the store; the console keeps showing the last good data.
    public internal(set) var readError: String?
    /// Carries out incident actions; nil makes the console read-only.
    public var actionSink: ConsoleActionSink?
    /// The question being asked in the footer (a note to type, a severity, a confirmation).
    var prompt: IncidentPrompt?
    /// Standup mode, when on: full screen, read-only, rotating pages.
    public internal(set) var standup: StandupState?
    /// Incidents of the last 8 weeks, for standup's time-to-resolve figures (read when standup is on).
    var incidentHistory: [Incident] = []
    /// One-line outcome of the last action ("INC-3 acknowledged", or why it was refused), until the next key.
    public internal(set) var flash: (text: String, isError: Bool)?

    var stacks: [Pane: [Route]] = [:]
    var lists: [ViewID: ListState] = [:]
    var filters: [ViewID: String] = [:]
    var drill: [Route: DrillData] = [:]
    /// Incident shown by the Incidents timeline and the Runbook pane (kept across refreshes by id).
    var selectedIncidentID: String?
    /// The incident whose runbook the Runbook pane's cursor was last placed for.
    var runbookCursorIncident: String?
    /// Where lists and tabs were drawn in the last frame, for mouse hits.
    var layout = FrameLayout()

    let dataSource: ConsoleDataSource
    private var lastToken: Int64?

    /// True once data from the store has been shown (until then the body says it is being read).
    public private(set) var hasLoaded = false

    /// `loadNow: false` leaves the first read to the caller (the terminal session reads on a background thread,
    /// so the first frame does not wait for it).
    public init(dataSource: ConsoleDataSource, initialPane: Pane = .health, loadNow: Bool = true) {
        self.dataSource = dataSource
        self.pane = initialPane
        self.snapshot = PlatformSnapshot(now: Date())
        if loadNow { reload() }
    }

    // MARK: data

    /// Re-reads the store when its change token moved; returns true when a redraw is needed.
    /// (The terminal session reads on a background thread instead: see `reloadRequest` and `apply`.)
    @discardableResult
    public func refreshIfChanged() -> Bool {
        do {
            guard try hasChanged() else { return false }
            reload()
            return true
        } catch {
            return noteReadError(error)
        }
    }

    /// Whether the store's change token moved since the data shown was read.
    public func hasChanged() throws -> Bool { try dataSource.changeToken() != lastToken }

    /// What a reload has to read for the views open now.
    public var reloadRequest: ConsoleData.Request {
        ConsoleData.Request(routes: stacks.values.flatMap { $0 }, standup: standup != nil)
    }

    /// Reads a fresh snapshot and the data of open drill-down views. On failure keeps the last good data.
    public func reload() {
        do {
            apply(try ConsoleData.load(reloadRequest, from: dataSource))
        } catch {
            _ = loadFailed(error)
        }
    }

    /// Shows data read by `ConsoleData.load` (here or on another thread).
    public func apply(_ data: ConsoleData) {
        hasLoaded = true
        lastToken = data.token
        snapshot = data.snapshot
        rowCache = RowCache()
        rowCache.allHealth = .init(filter: "", value: data.health)
        rowCache.allFreshness = .init(filter: "", value: data.freshness)
        rowCache.header = data.header
        // A view opened while the data was read loads its own (push); the rest take the new data.
        for (route, value) in data.drill { drill[route] = value }
        if let history = data.incidentHistory { incidentHistory = history }
        readError = nil
        // The incident cursor follows the incident, not the row number, when a new one opens above it.
        let rows = incidentRows()
        if let id = selectedIncidentID, let index = rows.firstIndex(where: { $0.incident.id == id }) {
            lists[.pane(.incidents), default: ListState()].selected = index
        } else {
            selectedIncidentID = rows.first?.incident.id
        }
    }

    /// Records a failed read (the last good data stays); true when the message shown changed.
    public func noteReadFailure(_ error: Error) -> Bool { noteReadError(error) }

    /// Records a failed background read; it is tried again only once the store changes, as `reload` does, so a
    /// snapshot that cannot be read is not re-read four times a second.
    public func loadFailed(_ error: Error) -> Bool {
        if let token = try? dataSource.changeToken() { lastToken = token }
        return noteReadError(error)
    }

    private func noteReadError(_ error: Error) -> Bool {
        let text = TextSanitizer.singleLine("store read failed: \(error)")
        defer { readError = text }
        return readError != text
    }

    /// Moves a live console's clock forward between store changes (ages, header clock).
    /// Returns true when what is drawn at minute resolution changed.
    public func advanceClock(to now: Date) -> Bool {
        guard !snapshot.isDemo, now > snapshot.now else { return false }
        let minuteChanged = Int(now.timeIntervalSince1970 / 60) != Int(snapshot.now.timeIntervalSince1970 / 60)
        snapshot.now = now
        // Ages and states are drawn to the minute: rows are re-sorted once a minute, not on every clock tick.
        if minuteChanged { rowCache = RowCache() }
        return minuteChanged
    }

    // MARK: view helpers

    var currentView: ViewID {
        if let route = stacks[pane]?.last { return .route(route) }
        return .pane(pane)
    }

    public var breadcrumbs: [String] { [pane.title] + (stacks[pane] ?? []).map(\.crumb) }

    public var currentFilter: String { filters[currentView] ?? "" }

    func filter(for view: ViewID) -> String { filters[view] ?? "" }

    func list(_ view: ViewID) -> ListState { lists[view] ?? ListState() }

    // Pane rows are sorted once per snapshot (and minute), then filtered from that order as the filter changes:
    // not rebuilt on every key press and frame.
    func healthRows() -> [HealthRow] {
        let all = rowCache.allHealth.rows("") { HealthViewModel.rows(snapshot, filter: $0) }
        return rowCache.health.rows(filter(for: .pane(.health))) { f in
            let needle = TextSearch.Needle(f)
            return f.isEmpty ? all : all.filter { HealthViewModel.matches($0.summary, needle) }
        }
    }
    func freshnessRows() -> [FreshnessRow] {
        let all = rowCache.allFreshness.rows("") { FreshnessViewModel.rows(snapshot, filter: $0) }
        return rowCache.freshness.rows(filter(for: .pane(.freshness))) { f in
            let needle = TextSearch.Needle(f)
            return f.isEmpty ? all : all.filter { FreshnessViewModel.matches($0, needle) }
        }
    }
    /// Header figures (counts by state, PAGE, open incidents): O(every pipeline and dataset), so once per snapshot.
    func headerCounts() -> HeaderCounts {
        if let counts = rowCache.header { return counts }
        let counts = HeaderCounts(snapshot)
        rowCache.header = counts
        return counts
    }
    func incidentRows() -> [IncidentSummary] {
        rowCache.incidents.rows(filter(for: .pane(.incidents))) { IncidentViewModel.rows(snapshot, filter: $0) }
    }
    func sourceRows() -> [SourceStatus] {
        rowCache.sources.rows(filter(for: .pane(.sources))) { SourcesViewModel.rows(snapshot, filter: $0) }
    }

    var selectedIncident: IncidentSummary? {
        snapshot.incidents.first { $0.incident.id == selectedIncidentID }
    }

    func runRows(_ route: Route) -> [PipelineRun] {
        guard case .runs(let runs)? = drill[route] else { return [] }
        let f = filter(for: .route(route))
        return f.isEmpty ? runs : runs.filter { $0.runID.localizedCaseInsensitiveContains(f) || $0.state.rawValue.contains(f.lowercased()) }
    }

    func taskRows(_ route: Route) -> [TaskInstance] {
        guard case .tasks(_, let tasks)? = drill[route] else { return [] }
        let f = filter(for: .route(route))
        return f.isEmpty ? tasks : tasks.filter { $0.taskID.localizedCaseInsensitiveContains(f) || $0.state.rawValue.contains(f.lowercased()) }
    }

    /// Number of rows in the list a view shows (for moving and clamping).
    func rowCount(_ view: ViewID) -> Int {
        switch view {
        case .pane(.health): return healthRows().count
        case .pane(.freshness): return freshnessRows().count
        case .pane(.incidents): return incidentRows().count
        case .pane(.runbook):
            return snapshot.runbook(id: selectedIncident?.incident.runbookID)?.steps.count ?? 0
        case .pane(.sources): return sourceRows().count
        case .route(let r):
            switch r {
            case .pipelineRuns: return runRows(r).count
            case .runTasks: return taskRows(r).count
            case .dataset, .source: return 0
            }
        }
    }

    // MARK: rendering

    /// Draws a whole frame into a new buffer.
    public func render(width: Int, height: Int) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        ConsoleRenderer(controller: self).draw(into: &buffer)
        return buffer
    }
}

/// Rows of each pane for the current snapshot, remembered per filter text.
struct RowCache {
    struct Entry<Row> {
        var filter: String?
        var value: [Row] = []

        mutating func rows(_ filter: String, build: (String) -> [Row]) -> [Row] {
            if self.filter != filter {
                value = build(filter)
                self.filter = filter
            }
            return value
        }
    }

    var allHealth = Entry<HealthRow>()
    var health = Entry<HealthRow>()
    var allFreshness = Entry<FreshnessRow>()
    var freshness = Entry<FreshnessRow>()
    var header: HeaderCounts?
    var incidents = Entry<IncidentSummary>()
    var sources = Entry<SourceStatus>()
}

/// Screen regions of the last frame, used to map mouse clicks.
struct FrameLayout {
    var tabs: [(pane: Pane, range: Range<Int>)] = []
    /// The list body (rows under the column header) and the view it belongs to.
    var listBody: Rect?
    var listView: ViewID?
}
