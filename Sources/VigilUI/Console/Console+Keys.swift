import Foundation
import VigilCore

/// Input: keys are looked up in `Bindings.table` and carried out here; the mouse hits what the last frame drew.
extension ConsoleState {
    mutating func handle(_ input: InputEvent) -> [ConsoleEffect] {
        switch input {
        case .resize(let width, let height):
            size = (width, height)
            return []
        case .mouse(let m):
            handleMouse(m)
            return []
        case .key(let key):
            if mode == .normal, standup == nil { flash = nil }
            guard let binding = Bindings.match(key, self) else {
                // In help every key the table does not name otherwise is its "any key": it closes the help.
                return mode == .help ? perform(.closeHelp, key: key) : []
            }
            let command = Bindings.command(for: binding, key: key)
            if let reason = Bindings.disabledReason(command, self) {
                flash = Flash(text: reason, isError: true)
                return []
            }
            return perform(command, key: key)
        }
    }

    private mutating func perform(_ command: Command, key: Key) -> [ConsoleEffect] {
        switch command {
        case .quit:
            shouldQuit = true
            return [.quit]
        case .help: openHelp()
        case .closeHelp: mode = .normal
        case .scrollHelp:
            let page = max(1, size.height - 6)
            let step = switch key {
            case .up, .char("k"): -1
            case .pageUp: -page
            case .pageDown: page
            default: 1
            }
            helpScroll = max(0, min(helpScroll + step, HelpOverlay.maxScroll(height: size.height - 3, width: size.width, state: self)))
        case .standup: return enterStandup()
        case .palette: mode = .palette(Palette(matches: PaletteSearch.matches("", in: self)))
        case .filter: mode = .filter
        case .pane:
            if case .char(let c) = key, let n = Int(String(c)), let p = Pane(rawValue: n) { switchPane(p) }
        case .nextPane: switchPane(pane.next)
        case .previousPane: switchPane(pane.previous)
        case .up, .down, .pageUp, .pageDown, .top, .bottom:
            if mode == .filter { mode = .normal }
            let page = max(1, pageHeight - 1)
            let delta = [Command.up: -1, .down: 1, .pageUp: -page, .pageDown: page, .top: -Int(Int32.max), .bottom: Int(Int32.max)][command]!
            move(by: delta)
        case .open: return open()
        case .back: back()
        case .sort:
            guard case .char(let letter) = key else { return [] }
            let view = currentView
            if let current = sorts[view], current.letter == letter {
                sorts[view] = SortOrder(letter: letter, descending: !current.descending)
            } else {
                sorts[view] = SortOrder(letter: letter)
            }
        case .acknowledge, .note, .severity, .takeLead, .mitigate, .resolve, .actionItem:
            return incidentKey(command)
        case .stepDone, .stepSkip, .stepNote, .stepRun:
            return runbookKey(command)
        case .clearTask:
            guard let t = selectedTask else { return [] }
            flash = Flash(text: "asking \(t.source) what clearing \(t.taskID) would rerun…", isError: false)
            return [.preview(.clearTask(source: t.source, pipelineID: t.pipelineID, runID: t.runID, taskID: t.taskID))]
        case .clearDownstream:
            // The same clear, with its downstream or without: Airflow's dry run says again what will rerun.
            guard case .prompt(let p) = mode, case .confirmAction(.clearTask(let s, let pipeline, let run, let task, let downstream), _) = p.kind
            else { return [] }
            mode = .normal
            flash = Flash(text: "asking \(s) what clearing \(task)\(downstream ? " alone" : " and its downstream") would rerun…", isError: false)
            return [.preview(.clearTask(source: s, pipelineID: pipeline, runID: run, taskID: task, downstream: !downstream))]
        case .triggerRun:
            guard let p = selectedPipeline else { return [] }
            mode = .prompt(Prompt(kind: .confirmAction(.triggerRun(source: p.source, pipelineID: p.id), preview: nil), incidentID: ""))
        case .togglePause:
            guard let p = selectedPipeline else { return [] }
            let paused = snapshot.pipelines.first { $0.pipeline.source == p.source && $0.pipeline.pipelineID == p.id }?.pipeline.isPaused ?? false
            mode = .prompt(Prompt(kind: .confirmAction(.setPaused(source: p.source, pipelineID: p.id, paused: !paused), preview: nil),
                                  incidentID: ""))
        case .nextMatch, .previousMatch:
            findInLog(forward: command == .nextMatch, from: list(currentView).selected + (command == .nextMatch ? 1 : -1))
        case .standupPause, .standupNext, .standupPrevious, .standupLeave:
            return standupKey(command)
        case .accept, .cancel, .erase, .eraseLine, .type, .historyPrevious, .historyNext, .nextChoice, .previousChoice:
            return edit(command, key: key)
        case .yes, .no, .severityDigit, .resolveAs:
            return answer(command, key: key)
        }
        return []
    }

    // MARK: moving

    mutating func switchPane(_ p: Pane) {
        pane = p
        if mode == .filter { mode = .normal }
    }

    mutating func move(by delta: Int) {
        let view = currentView
        var state = list(view)
        let count = rowCount(view)
        state.move(by: max(-count, min(count, delta)), count: count, height: pageHeight)
        state.selectedID = rowID(view, state.selected)
        lists[view] = state
    }

    private mutating func open() -> [ConsoleEffect] {
        let view = currentView
        let selected = list(view).selected
        switch view {
        case .pane(.health):
            guard healthRows.indices.contains(selected) else { return [] }
            let p = healthRows[selected].pipeline
            return push(.pipelineRuns(source: p.source, pipelineID: p.pipelineID))
        case .pane(.freshness):
            guard freshnessRows.indices.contains(selected) else { return [] }
            return push(.dataset(name: freshnessRows[selected].dataset.name))
        case .pane(.sources):
            guard sourceRows.indices.contains(selected) else { return [] }
            return push(.source(name: sourceRows[selected].name))
        case .pane(.changes):
            guard changeRows.indices.contains(selected) else { return [] }
            return push(.change(id: changeRows[selected].id, title: changeRows[selected].change.title))
        case .pane(.incidents):
            // Enter on an incident walks its runbook.
            if selectedIncident != nil { switchPane(.runbook) }
            return []
        case .route(.pipelineRuns(let s, let id)):
            let rows = runRows(.pipelineRuns(source: s, pipelineID: id))
            guard rows.indices.contains(selected) else { return [] }
            return push(.runTasks(source: s, pipelineID: id, runID: rows[selected].runID))
        case .route(.runTasks):
            guard let task = selectedTask else { return [] }
            return push(.taskLog(TaskLogRef(task)))
        default:
            return []
        }
    }

    /// Opens a drill-down view at once; its data is read by the returned effect and arrives as `.drillLoaded`.
    mutating func push(_ route: Route) -> [ConsoleEffect] {
        if mode == .filter { mode = .normal }
        stacks[pane, default: []].append(route)
        lists[.route(route)] = ListState()
        drill[route] = nil
        pendingDrill.insert(route)
        return [.loadDrill(route, now: snapshot.now)]
    }

    private mutating func back() {
        let view = currentView
        if !(filters[view] ?? "").isEmpty { filters[view] = ""; return }
        guard var stack = stacks[pane], let top = stack.popLast() else { return }
        stacks[pane] = stack
        // Forget the data of views no longer on any stack.
        if !stacks.values.contains(where: { $0.contains(top) }) {
            drill[top] = nil
            pendingDrill.remove(top)
        }
    }

    private mutating func handleMouse(_ m: MouseEvent) {
        guard standup == nil, mode == .normal || mode == .help else { return }
        switch m.action {
        case .scrollUp, .scrollDown:
            let view = currentView
            var state = list(view)
            state.scroll(by: m.action == .scrollUp ? -3 : 3, count: rowCount(view), height: pageHeight)
            state.selectedID = rowID(view, state.selected)
            lists[view] = state
        case .press:
            mode = .normal
            if let tab = layout.tabs.first(where: { m.y == 1 && $0.range.contains(m.x) }) {
                switchPane(tab.pane)
                return
            }
            if let body = layout.listBody, let view = layout.listView, view == currentView, body.contains(x: m.x, y: m.y) {
                var state = list(view)
                let index = state.offset + (m.y - body.y)
                guard index < rowCount(view) else { return }
                state.selected = index
                state.clamp(count: rowCount(view), height: body.height)
                state.selectedID = rowID(view, index)
                lists[view] = state
            }
        }
    }

    // MARK: incidents and runbooks

    private mutating func incidentKey(_ command: Command) -> [ConsoleEffect] {
        guard let id = selectedIncident?.incident.id else { return [] }
        switch command {
        case .acknowledge: return send(.acknowledge, to: id)
        case .note: mode = .prompt(Prompt(kind: .note, incidentID: id))
        case .actionItem: mode = .prompt(Prompt(kind: .actionItem, incidentID: id))
        case .severity: mode = .prompt(Prompt(kind: .severity, incidentID: id))
        case .takeLead: return send(.takeLead, to: id)
        case .mitigate: mode = .prompt(Prompt(kind: .confirm(.mitigate), incidentID: id))
        default: mode = .prompt(Prompt(kind: .resolveHow, incidentID: id))
        }
        return []
    }

    private mutating func runbookKey(_ command: Command) -> [ConsoleEffect] {
        guard let incident = selectedIncident, let runbook = selectedRunbook else { return [] }
        let step = list(.pane(.runbook)).selected
        guard runbook.steps.indices.contains(step) else { return [] }
        let id = incident.incident.id
        switch command {
        case .stepDone: return send(.stepDone(step), to: id)
        case .stepSkip: mode = .prompt(Prompt(kind: .skipReason(step), incidentID: id))
        case .stepNote: mode = .prompt(Prompt(kind: .stepNote(step), incidentID: id))
        default:
            guard let command = runbook.steps[step].command else { return [] }
            let filled = RunbookPlaceholders(incident.incident, in: snapshot).fill(command)
            mode = .prompt(Prompt(kind: .confirmRun(step, command: filled), incidentID: id))
        }
        return []
    }

    /// Hands an incident action to the runtime; the footer says it is on its way until `.incidentDone` says how it went.
    private mutating func send(_ action: ConsoleIncidentAction, to id: String) -> [ConsoleEffect] {
        flash = Flash(text: "\(id.isEmpty ? "new incident" : id): saving…", isError: false)
        return [.incident(action, incidentID: id)]
    }

    /// The open incident an orchestrator action belongs on: one that lists the pipeline, else the selected one.
    private func incidentFor(_ action: OrchestratorAction) -> String? {
        let open = snapshot.incidents.filter { $0.incident.state.isOpen }
        return (open.first { $0.incident.affectedPipelines.contains(action.pipelineID) } ?? open.first { $0.id == selectedIncident?.id })?.id
    }

    // MARK: questions and typing

    private mutating func answer(_ command: Command, key: Key) -> [ConsoleEffect] {
        guard let p = prompt else { return [] }
        mode = .normal
        switch (command, p.kind) {
        case (.no, _):
            flash = Flash(text: "cancelled", isError: false)
        case (.severityDigit, .severity):
            guard case .char(let c) = key, let n = Int(String(c)), let severity = Severity(rawValue: n) else { return [] }
            return send(.severity(severity), to: p.incidentID)
        case (.resolveAs, .resolveHow):
            guard let how = ResolutionKeys.resolution(for: key) else { return [] }
            return send(.resolve(how), to: p.incidentID)
        case (.yes, .confirm(let action)):
            return send(action, to: p.incidentID)
        case (.yes, .confirmRun(let i, _)):
            return send(.runStep(i), to: p.incidentID)
        case (.yes, .confirmAction(let action, _)):
            flash = Flash(text: TextSanitizer.singleLine(action.summary) + ": sent to \(action.source)…", isError: false)
            return [.orchestrate(action, incidentID: incidentFor(action))]
        default: break
        }
        return []
    }

    private mutating func edit(_ command: Command, key: Key) -> [ConsoleEffect] {
        switch mode {
        case .filter: editFilter(command, key: key)
        case .palette(var p): return editPalette(&p, command, key: key)
        case .prompt(var p):
            switch command {
            case .cancel:
                mode = .normal
                flash = Flash(text: "cancelled", isError: false)
            case .accept:
                mode = .normal
                let text = p.text.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else {
                    if case .skipReason = p.kind {
                        flash = Flash(text: "a skip needs a reason", isError: true)
                    } else {
                        flash = Flash(text: "empty text: nothing saved", isError: true)
                    }
                    return []
                }
                switch p.kind {
                case .skipReason(let i): return send(.stepSkipped(i, reason: text), to: p.incidentID)
                case .stepNote(let i): return send(.stepNote(i, text), to: p.incidentID)
                case .incidentTitle: return send(.open(title: text), to: "")
                case .actionItem: return send(.actionItem(text), to: p.incidentID)
                default: return send(.note(text), to: p.incidentID)
                }
            case .erase: if !p.text.isEmpty { p.text.removeLast() }; mode = .prompt(p)
            case .eraseLine: p.text = ""; mode = .prompt(p)
            case .type:
                // Anything typed or pasted, in any script; control characters never reach the store.
                if case .char(let c) = key { p.text += TextSanitizer.singleLine(String(c)) }
                mode = .prompt(p)
            default: break
            }
        default: break
        }
        return []
    }

    private mutating func editFilter(_ command: Command, key: Key) {
        let view = currentView
        var text = filters[view] ?? ""
        switch command {
        case .accept: mode = .normal; return
        case .cancel: mode = .normal; text = ""
        case .erase: if !text.isEmpty { text.removeLast() }
        case .eraseLine: text = ""
        case .type: if case .char(let c) = key { text.append(c) }
        default: return
        }
        // Untrusted in the sense that anything can be typed or pasted: keep it printable.
        filters[view] = TextSanitizer.singleLine(text)
        if case .route(.taskLog) = view {
            // In a log the search moves to the first match from the top as it is typed (like less), hiding nothing.
            if !text.isEmpty { findInLog(forward: true, from: 0, quiet: true) }
            return
        }
        lists[view] = ListState()
    }

    /// Moves a log's cursor to the next (or previous) line matching the search, wrapping around the ends.
    /// `quiet` (while typing) leaves the footer alone when the search wraps.
    mutating func findInLog(forward: Bool, from start: Int, quiet: Bool = false) {
        let view = currentView
        guard let route = currentRoute else { return }
        let lines = logLines(route)
        let needle = TextSearch.Needle(currentFilter)
        guard !lines.isEmpty, !needle.isEmpty else { return }
        let n = lines.count
        for step in 0..<n {
            let i = ((forward ? start + step : start - step) % n + n) % n
            if needle.found(in: lines[i]) {
                var state = list(view)
                state.selected = i
                state.clamp(count: n, height: pageHeight)
                lists[view] = state
                let wrapped = forward ? i < start : i > start
                if !quiet { flash = wrapped ? Flash(text: "search wrapped around", isError: false) : nil }
                return
            }
        }
        flash = Flash(text: "no line matches " + currentFilter, isError: true)
    }

    var currentRoute: Route? {
        if case .route(let r) = currentView { return r }
        return nil
    }

    mutating func openHelp() {
        mode = .help
        helpScroll = 0
    }

    // MARK: standup

    public mutating func enterStandup(interval: TimeInterval = 15, only: Bool = false) -> [ConsoleEffect] {
        standup = StandupState(interval: max(3, interval), lastTurn: clock, only: only)
        mode = .normal
        return requestLoad()
    }

    private mutating func standupKey(_ command: Command) -> [ConsoleEffect] {
        guard var s = standup else { return [] }
        switch command {
        case .standupLeave:
            if s.only {
                shouldQuit = true
                return [.quit]
            }
            standup = nil
            return []
        case .standupPause: s.paused.toggle()
        case .standupNext: s.pageIndex += 1
        default: s.pageIndex -= 1
        }
        s.lastTurn = clock
        standup = s
        return []
    }
}
