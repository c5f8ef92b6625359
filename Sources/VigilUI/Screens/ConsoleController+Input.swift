import Foundation
import VigilCore

extension ConsoleController {
    /// Applies one input event; returns true when the frame must be redrawn.
    @discardableResult
    public func handle(_ event: InputEvent) -> Bool {
        switch event {
        case .resize: return true
        case .mouse(let m): return handleMouse(m)
        case .key(let key):
            if standup != nil { return handleStandupKey(key) }
            if showHelp { showHelp = false; return key == .char("q") ? quit() : true }
            if prompt != nil { return answerPrompt(key) }
            if isEditingFilter { return editFilter(key) }
            let hadFlash = flash != nil
            flash = nil
            if let handled = handleIncidentKey(key) { return handled || hadFlash }
            return handleKey(key) || hadFlash
        }
    }

    private func quit() -> Bool {
        shouldQuit = true
        return false
    }

    private func handleKey(_ key: Key) -> Bool {
        let page = max(1, pageHeight - 1)
        switch key {
        case .char("q"), .ctrl("c"): return quit()
        case .char("?"): showHelp = true
        case .char("S"): enterStandup()
        case .char("1"), .char("2"), .char("3"), .char("4"), .char("5"):
            if case .char(let c) = key, let n = Int(String(c)), let p = Pane(rawValue: n) { switchPane(p) }
        case .tab: switchPane(pane.next)
        case .backTab: switchPane(pane.previous)
        case .up, .char("k"): move(by: -1)
        case .down, .char("j"): move(by: 1)
        case .pageUp, .ctrl("u"), .ctrl("b"): move(by: -page)
        case .pageDown, .ctrl("d"), .ctrl("f"): move(by: page)
        case .home, .char("g"): move(by: -Int(Int32.max))
        case .end, .char("G"): move(by: Int(Int32.max))
        case .enter, .right, .char("l"): open()
        case .escape, .left, .char("h"), .backspace: back()
        case .char("/"): isEditingFilter = true
        default: return false
        }
        return true
    }

    private func editFilter(_ key: Key) -> Bool {
        let view = currentView
        var text = filters[view] ?? ""
        switch key {
        case .enter: isEditingFilter = false
        case .escape: isEditingFilter = false; text = ""
        case .backspace, .delete: if !text.isEmpty { text.removeLast() }
        case .ctrl("u"): text = ""
        case .char(let c): text.append(c)
        case .up, .down, .pageUp, .pageDown:
            isEditingFilter = false
            return handleKey(key)
        default: return false
        }
        // Untrusted in the sense that anything can be typed or pasted: keep it printable.
        filters[view] = TextSanitizer.singleLine(text)
        var state = list(view)
        state.selected = 0
        state.offset = 0
        lists[view] = state
        return true
    }

    func switchPane(_ p: Pane) {
        pane = p
        isEditingFilter = false
    }

    /// Rows a page holds in the current list (known from the last frame).
    var pageHeight: Int { layout.listBody?.height ?? 10 }

    func move(by delta: Int) {
        let view = currentView
        var state = list(view)
        let count = rowCount(view)
        let clamped = max(-count, min(count, delta))
        state.move(by: clamped, count: count, height: pageHeight)
        lists[view] = state
        if view == .pane(.incidents) { syncIncidentSelection() }
    }

    func syncIncidentSelection() {
        let rows = incidentRows()
        let state = list(.pane(.incidents))
        if rows.indices.contains(state.selected) { selectedIncidentID = rows[state.selected].incident.id }
    }

    private func open() {
        let view = currentView
        let selected = list(view).selected
        var route: Route?
        switch view {
        case .pane(.health):
            let rows = healthRows()
            if rows.indices.contains(selected) {
                route = .pipelineRuns(source: rows[selected].pipeline.source, pipelineID: rows[selected].pipeline.pipelineID)
            }
        case .pane(.freshness):
            let rows = freshnessRows()
            if rows.indices.contains(selected) { route = .dataset(name: rows[selected].dataset.name) }
        case .pane(.sources):
            let rows = sourceRows()
            if rows.indices.contains(selected) { route = .source(name: rows[selected].name) }
        case .pane(.incidents):
            // Enter on an incident walks its runbook.
            syncIncidentSelection()
            if selectedIncident != nil { switchPane(.runbook) }
            return
        case .route(.pipelineRuns(let s, let id)):
            let rows = runRows(.pipelineRuns(source: s, pipelineID: id))
            if rows.indices.contains(selected) { route = .runTasks(source: s, pipelineID: id, runID: rows[selected].runID) }
        default: break
        }
        guard let route else { return }
        push(route)
    }

    func push(_ route: Route) {
        do {
            drill[route] = try DrillData.load(route, from: dataSource, snapshot: snapshot)
        } catch {
            readError = TextSanitizer.singleLine("store read failed: \(error)")
        }
        stacks[pane, default: []].append(route)
        // A run's task list opens on its first failed task, one that failed the run before a failed check (a dbt
        // test): that is what the engineer came to read.
        var state = ListState()
        if case .runTasks = route {
            let rows = taskRows(route)
            if let failed = rows.firstIndex(where: { $0.state == .failed && !$0.isCheck }) ?? rows.firstIndex(where: { $0.state == .failed }) {
                state.selected = failed
            }
        }
        lists[.route(route)] = state
    }

    private func back() {
        let view = currentView
        if !(filters[view] ?? "").isEmpty { filters[view] = ""; return }
        guard var stack = stacks[pane], let top = stack.popLast() else { return }
        stacks[pane] = stack
        // Forget the drill data of views no longer on any stack.
        if !stacks.values.contains(where: { $0.contains(top) }) { drill[top] = nil }
    }

    private func handleMouse(_ m: MouseEvent) -> Bool {
        switch m.action {
        case .scrollUp, .scrollDown:
            let view = currentView
            var state = list(view)
            state.scroll(by: m.action == .scrollUp ? -3 : 3, count: rowCount(view), height: pageHeight)
            lists[view] = state
            if view == .pane(.incidents) { syncIncidentSelection() }
            return true
        case .press:
            if let tab = layout.tabs.first(where: { m.y == 1 && $0.range.contains(m.x) }) {
                switchPane(tab.pane)
                return true
            }
            if let body = layout.listBody, let view = layout.listView, body.contains(x: m.x, y: m.y) {
                var state = list(view)
                let index = state.offset + (m.y - body.y)
                guard index < rowCount(view) else { return false }
                state.selected = index
                state.clamp(count: rowCount(view), height: body.height)
                lists[view] = state
                if view == .pane(.incidents) { syncIncidentSelection() }
                return true
            }
            return false
        }
    }
}
