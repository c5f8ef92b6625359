import Foundation
import VigilCore

/// The console as functions of a value: `update` applies an event and returns the effects to run (reads, writes,
/// orchestrator calls), which come back as events; `render` draws the state. Neither does I/O or reads a clock.
public enum Console {
    /// Seconds between tries of a store read that failed while the store's change counter stands still.
    static let readRetry: TimeInterval = 5

    /// The effects a console needs when it opens: its first read of the store.
    public static func start(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.loading = true
        state.reloadWanted = false
        state.prepare()
        return [.load(state.reloadRequest)]
    }

    public static func update(_ state: inout ConsoleState, _ event: ConsoleEvent) -> [ConsoleEffect] {
        let effects = state.apply(event)
        state.prepare()
        return effects
    }

    /// A drawn frame: the cells, and where lists and tabs landed (for mouse hits: hand it back as `.drawn`).
    public struct Frame: Sendable {
        public var buffer: CellBuffer
        public var layout: FrameLayout
    }

    public static func render(_ state: ConsoleState, width: Int, height: Int) -> Frame {
        var buffer = CellBuffer(width: width, height: height)
        let layout = ConsoleRenderer(state: state).draw(into: &buffer)
        return Frame(buffer: buffer, layout: layout)
    }
}

extension ConsoleState {
    /// The store's change token of the data shown (the runtime compares it with the store's to ask for a read).
    public var dataToken: Int64? { token }
    /// Hands over the data just replaced, for the caller to free where it does not hold up a frame.
    public mutating func takeRetired() -> Retired? {
        defer { retired = nil }
        return retired
    }

    /// True while a store read is under way (the runtime wakes more often to hand its result over).
    public var isBusy: Bool { loading || !pendingDrill.isEmpty }

    mutating func apply(_ event: ConsoleEvent) -> [ConsoleEffect] {
        switch event {
        case .input(let input): return handle(input)
        case .storeChanged: return requestLoad()
        case .loaded(let data): return show(data)
        case .loadFailed(let text, let token):
            loading = false
            if let token { self.token = token }
            readError = "store read failed: " + text
            return reloadWanted ? requestLoad() : []
        case .drillLoaded(let route, let data):
            pendingDrill.remove(route)
            let first = drill[route] == nil
            drill[route] = data
            // A run's task list opens on its first failed task, one that failed the run before a failed check
            // (a dbt test): that is what the engineer came to read.
            if first, case .runTasks = route {
                let rows = taskRows(route)
                if let failed = rows.firstIndex(where: { $0.state == .failed && !$0.isCheck }) ?? rows.firstIndex(where: { $0.state == .failed }) {
                    lists[.route(route)] = ListState(selected: failed)
                }
            }
            // A log opens at its end, where a failure is told.
            if first, case .taskLog = route {
                lists[.route(route)] = ListState(selected: max(0, logLines(route).count - 1))
            }
            return []
        case .drillFailed(let route, let text):
            pendingDrill.remove(route)
            if case .taskLog = route {
                drill[route] = .log(TaskLog(lines: [], truncationNote: nil), error: text)
            } else {
                readError = "store read failed: " + text
            }
            return []
        case .incidentDone(let action, let result):
            switch result {
            case .success(let id):
                flash = Flash(text: action.outcome(on: id), isError: false)
                // A step checked or skipped moves the cursor on to the next one, as a checklist would.
                switch action {
                case .stepDone(let i), .stepSkipped(let i, _):
                    if i + 1 < (selectedRunbook?.steps.count ?? 0) { lists[.pane(.runbook), default: ListState()].selected = i + 1 }
                case .open:
                    lists[.pane(.incidents), default: ListState()].selectedID = id
                default: break
                }
            case .failure(let error):
                flash = Flash(text: error.description, isError: true)
            }
            return requestLoad()
        case .previewDone(let action, let result):
            switch result {
            case .success(let preview):
                mode = .prompt(Prompt(kind: .confirmAction(action, preview: preview), incidentID: ""))
                flash = nil
            case .failure(let error):
                flash = Flash(text: error.description, isError: true)
            }
            return []
        case .actionDone(let action, let result):
            switch result {
            case .success(let outcome):
                flash = Flash(text: TextSanitizer.singleLine(action.summary + ": " + outcome.text), isError: false)
            case .failure(let error):
                flash = Flash(text: error.description, isError: true)
            }
            // What Airflow does next reaches the store through the collector; the open task list reloads with it.
            return requestLoad()
        case .tick(let now):
            return tick(now)
        case .drawn(let layout):
            self.layout = layout
            return []
        case .notice(let text, let isError):
            flash = Flash(text: TextSanitizer.singleLine(text), isError: isError)
            return []
        }
    }

    /// Asks for a store read, or for another one once the read under way is done.
    mutating func requestLoad() -> [ConsoleEffect] {
        if loading {
            reloadWanted = true
            return []
        }
        loading = true
        reloadWanted = false
        return [.load(reloadRequest)]
    }

    /// What a reload has to read for the views open now.
    var reloadRequest: ConsoleData.Request {
        ConsoleData.Request(routes: stacks.values.flatMap { $0 }.filter(\.isStoreView), standup: standup != nil)
    }

    /// Shows data read by `ConsoleData.load` off the UI thread.
    private mutating func show(_ data: ConsoleData) -> [ConsoleEffect] {
        loading = false
        hasLoaded = true
        token = data.token
        let old = snapshot
        snapshot = data.snapshot
        if clock < snapshot.now || snapshot.isDemo { clock = snapshot.now }
        shownAt = clock
        retired = Retired([old, rows, retired as Any])
        rows = RowCache()
        rows.allHealth = .init(key: "", value: data.health)
        rows.allFreshness = .init(key: "", value: data.freshness)
        rows.allChanges = .init(key: "", value: data.changes)
        rows.header = data.header
        rows.palette = data.palette
        // A view opened while the data was read loads its own; the rest take the new data.
        for (route, value) in data.drill where !pendingDrill.contains(route) { drill[route] = value }
        if standup != nil { standupFigures = data.standup }
        readError = nil
        readFailedSeenAt = nil
        if reloadWanted { return requestLoad() }
        return []
    }

    /// Moves a live console's clock forward between store changes (ages, header clock), turns standup pages and
    /// spins the spinner. Once a minute the rows are read again (off the UI thread), as states move with time.
    private mutating func tick(_ now: Date) -> [ConsoleEffect] {
        guard now > clock else { return [] }
        clock = now
        if isBusy { spinner += 1 }
        // A failed read (a statement timeout, a store back after an outage) is tried again every few seconds, not
        // only when the store's change counter moves: on a quiet store the error would otherwise stay up.
        if readError != nil, !loading {
            if let seen = readFailedSeenAt, now.timeIntervalSince(seen) >= Console.readRetry {
                readFailedSeenAt = nil
                return requestLoad()
            }
            if readFailedSeenAt == nil { readFailedSeenAt = now }
        }
        if var s = standup, !s.paused, now.timeIntervalSince(s.lastTurn) >= s.interval {
            s.pageIndex += 1
            s.lastTurn = now
            standup = s
        }
        guard !snapshot.isDemo, now > snapshot.now else { return [] }
        snapshot.now = now
        // Counted from when the data arrived, not from the snapshot's clock: a store that pins its clock (the
        // benchmarks' generated stores) would otherwise be read again on every tick.
        guard let shownAt, Int(now.timeIntervalSince1970 / 60) != Int(shownAt.timeIntervalSince1970 / 60) else { return [] }
        return requestLoad()
    }

    // MARK: derived rows

    /// Rebuilds what `render` reads after any change: pane rows for the current filter and sort, selections found
    /// again by id, the runbook cursor on the step to do next when another incident is picked.
    mutating func prepare() {
        let snapshot = self.snapshot
        var changed: [Pane] = []
        func sortKey(_ view: ViewID) -> String { sorts[view].map { "\($0.letter)\($0.descending)" } ?? "" }
        func key(_ view: ViewID) -> String { filter(for: view) + "\u{1F}" + sortKey(view) }
        rows.allHealth.rows("") { _ in HealthViewModel.rows(snapshot, filter: "") }
        rows.allFreshness.rows("") { _ in FreshnessViewModel.rows(snapshot, filter: "") }
        rows.allChanges.rows("") { _ in ChangesViewModel.rows(snapshot, filter: "") }
        let allHealth = rows.allHealth.value, allFreshness = rows.allFreshness.value, allChanges = rows.allChanges.value
        let sorts = self.sorts
        if rows.health.narrowed(filter: filter(for: .pane(.health)), sort: sortKey(.pane(.health)),
                                sortedAll: { Sorting.apply(sorts[.pane(.health)], to: allHealth, columns: Sorting.health) },
                                keep: { needle in { HealthViewModel.matches($0.summary, needle) } }) { changed.append(.health) }
        if rows.freshness.narrowed(filter: filter(for: .pane(.freshness)), sort: sortKey(.pane(.freshness)),
                                   sortedAll: { Sorting.apply(sorts[.pane(.freshness)], to: allFreshness, columns: Sorting.freshness) },
                                   keep: { needle in { FreshnessViewModel.matches($0, needle) } }) { changed.append(.freshness) }
        if rows.incidents.rows(key(.pane(.incidents)), build: { [filter = filter(for: .pane(.incidents))] _ in
            Sorting.apply(sorts[.pane(.incidents)], to: IncidentViewModel.rows(snapshot, filter: filter), columns: Sorting.incidents)
        }) { changed.append(.incidents) }
        if rows.sources.rows(key(.pane(.sources)), build: { [filter = filter(for: .pane(.sources))] _ in
            Sorting.apply(sorts[.pane(.sources)], to: SourcesViewModel.rows(snapshot, filter: filter), columns: Sorting.sources)
        }) { changed.append(.sources) }
        if rows.changes.narrowed(filter: filter(for: .pane(.changes)), sort: "", sortedAll: { allChanges },
                                 keep: { needle in { ChangesViewModel.matches($0, needle) } }) { changed.append(.changes) }
        if rows.header == nil { rows.header = HeaderCounts(snapshot) }
        for pane in changed { follow(.pane(pane)) }
        if case .route = currentView { follow(currentView) }
        // Opening a runbook puts the cursor on the step to do next; after that it stays where the lead moves it.
        if let incident = selectedIncident, runbookCursorIncident != incident.id {
            runbookCursorIncident = incident.id
            let current = selectedRunbook.flatMap { IncidentViewModel.currentStep(incident, runbook: $0) }
            lists[.pane(.runbook)] = ListState(selected: current ?? 0)
        }
        follow(.pane(.runbook))
    }

    /// Finds a list's selected row again by its id (rows move as data changes), keeps it in range and in view.
    mutating func follow(_ view: ViewID) {
        var state = list(view)
        if let id = state.selectedID, let i = index(of: id, in: view) { state.selected = i }
        state.clamp(count: rowCount(view), height: view == currentView ? pageHeight : max(5, size.height - 9))
        state.selectedID = rowID(view, state.selected)
        lists[view] = state
    }
}

extension RowCache.Entry {
    init(key: String, value: [Row]) {
        self.key = key
        self.value = value
    }
}
