import Foundation
import VigilCore

/// Draws a frame from the state: header, tabs with breadcrumbs, the current view, footer, and overlays.
/// Returns where the tabs and the focused list landed, for mouse hits; writes nothing else.
struct ConsoleRenderer {
    let state: ConsoleState

    static let minimumWidth = 80
    static let minimumHeight = 24
    static let spinnerFrames = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")

    func draw(into buffer: inout CellBuffer) -> FrameLayout {
        var layout = FrameLayout()
        guard buffer.width >= Self.minimumWidth, buffer.height >= Self.minimumHeight else {
            drawTooSmall(into: &buffer)
            return layout
        }
        if let standup = state.standup {
            StandupScreen(state: state, standup: standup).draw(into: &buffer)
            return layout
        }
        let area = buffer.area
        let (headerArea, rest) = area.splitTop(1)
        let (tabArea, rest2) = rest.splitTop(1)
        var (body, footerArea) = rest2.splitBottom(1)
        Chrome.drawHeader(into: &buffer, area: headerArea, snapshot: state.snapshot, counts: state.headerCounts)
        let down = SourcesViewModel.down(state.snapshot)
        if !down.isEmpty {
            let (bannerArea, below) = body.splitTop(1)
            Chrome.drawSourceBanner(into: &buffer, area: bannerArea, down: down, now: state.snapshot.now)
            body = below
        }
        layout.tabs = Chrome.drawTabs(into: &buffer, area: tabArea, current: state.pane, crumbs: Array(state.breadcrumbs.dropFirst()))
            .map { FrameLayout.TabHit(pane: $0.pane, range: $0.range) }
        if let listBody = drawBody(into: &buffer, area: body) {
            layout.listBody = listBody
            layout.listView = state.currentView
        }
        Chrome.drawFooter(into: &buffer, area: footerArea, state: state)
        switch state.mode {
        case .help: HelpOverlay.draw(into: &buffer, area: body, state: state)
        case .palette(let p): PaletteOverlay.draw(p, into: &buffer, area: body)
        case .prompt(let p):
            if case .confirmAction(_, let preview?) = p.kind { PreviewOverlay.draw(preview, into: &buffer, area: body) }
        default: break
        }
        return layout
    }

    var spinner: String { String(Self.spinnerFrames[state.spinner % Self.spinnerFrames.count]) }

    private func drawBody(into buffer: inout CellBuffer, area: Rect) -> Rect? {
        guard state.hasLoaded else {
            let text = state.readError ?? spinner + " Reading the store…"
            buffer.put(text, x: area.x + 2, y: area.y + 1, style: Style(state.readError == nil ? .dim : .error), maxWidth: area.width - 4)
            return nil
        }
        switch state.currentView {
        case .pane(.health): return HealthScreen(state: state).draw(into: &buffer, area: area)
        case .pane(.freshness): return FreshnessScreen(state: state).draw(into: &buffer, area: area)
        case .pane(.incidents): return IncidentsScreen(state: state).draw(into: &buffer, area: area)
        case .pane(.runbook): return RunbookScreen(state: state).draw(into: &buffer, area: area)
        case .pane(.sources): return SourcesScreen(state: state).draw(into: &buffer, area: area)
        case .pane(.changes): return ChangesScreen(state: state).draw(into: &buffer, area: area)
        case .route(let route):
            if state.drill[route] == nil {
                // Opened at once; its data is on its way.
                let what = route.isStoreView ? "Reading…" : "Fetching the log from \(TextSanitizer.singleLine(route.sourceName ?? "the source"))…"
                buffer.put(spinner + " " + what, x: area.x + 2, y: area.y + 1, style: Style(.dim), maxWidth: area.width - 4)
                return nil
            }
            switch route {
            case .pipelineRuns: return RunsScreen(state: state, route: route).draw(into: &buffer, area: area)
            case .runTasks: return TaskInstancesScreen(state: state, route: route).draw(into: &buffer, area: area)
            case .taskLog(let ref): return LogScreen(state: state, route: route, ref: ref).draw(into: &buffer, area: area)
            case .dataset(let name):
                DatasetScreen(state: state, name: name).draw(into: &buffer, area: area)
                return nil
            case .source(let name):
                SourceScreen(state: state, name: name).draw(into: &buffer, area: area)
                return nil
            case .change(let id, _):
                ChangeScreen(state: state, id: id).draw(into: &buffer, area: area)
                return nil
            }
        }
    }

    private func drawTooSmall(into buffer: inout CellBuffer) {
        let lines = [
            "Vigil needs a terminal of at least \(Self.minimumWidth)x\(Self.minimumHeight).",
            "This one is \(buffer.width)x\(buffer.height): enlarge the terminal.",
            "q quits",
        ]
        let top = max(0, buffer.height / 2 - 1)
        for (i, line) in lines.enumerated() {
            let x = max(0, (buffer.width - DisplayWidth.of(line)) / 2)
            buffer.put(line, x: x, y: top + i, style: Style(i == 0 ? .warn : .base, i == 0 ? .bold : []))
        }
    }
}

extension Route {
    var sourceName: String? {
        switch self {
        case .pipelineRuns(let s, _), .runTasks(let s, _, _): return s
        case .taskLog(let ref): return ref.source
        case .source(let name): return name
        case .dataset, .change: return nil
        }
    }
}

extension ConsoleState {
    /// Draws a table for `view` in `area` with the list's cursor (clamped to what fits) and the view's sort marks;
    /// returns the list body, for mouse hits.
    func drawList(_ table: Table, view: ViewID, into buffer: inout CellBuffer, area: Rect, focused: Bool = true) -> Rect {
        var cursor = list(view)
        cursor.clamp(count: table.rowCount, height: Table.bodyHeight(area))
        var table = table
        table.sort = Sorting.header(for: view, order: sorts[view])
        table.draw(into: &buffer, area: area, state: cursor, focused: focused)
        return Rect(x: area.x, y: area.y + 1, width: area.width, height: Table.bodyHeight(area))
    }
}

/// The `:` palette: the typed line and the best matches, over the bottom of the body.
enum PaletteOverlay {
    static func draw(_ p: Palette, into buffer: inout CellBuffer, area: Rect) {
        let shown = min(p.matches.count, max(1, area.height / 2 - 2), 12)
        let height = shown + 3
        let box = Rect(x: area.x + 2, y: area.maxY - height, width: area.width - 4, height: height)
        Box.draw(into: &buffer, rect: box, title: "Go to (Tab chooses, ⏎ goes, ↑↓ history, esc closes)", style: Style(.overlay))
        buffer.put(line: [Span(" : ", Style(.prompt, .bold, background: .overlay)), Span(p.text + "▏", Style(.prompt, [], background: .overlay))],
                   x: box.x + 1, y: box.y + 1, maxWidth: box.width - 2)
        if p.matches.isEmpty {
            buffer.put("  nothing matches", x: box.x + 1, y: box.y + 2, style: Style(.dim, [], background: .overlay), maxWidth: box.width - 2)
            return
        }
        // Keep the chosen match in view.
        let first = max(0, p.choice - shown + 1)
        for (row, i) in (first..<min(p.matches.count, first + shown)).enumerated() {
            let m = p.matches[i]
            let chosen = i == p.choice
            let bg: StyleRole = chosen ? .selection : .overlay
            buffer.put(line: [Span(chosen ? " ▸ " : "   ", Style(.title, .bold, background: bg)),
                              Span(m.kind.fitted(to: 9), Style(.dim, [], background: bg)),
                              Span.untrusted(m.label, Style(.base, chosen ? .bold : [], background: bg))],
                       x: box.x + 1, y: box.y + 2 + row, maxWidth: box.width - 2)
        }
    }
}

/// What a confirmed action will do, from the orchestrator's dry run: the task instances that will rerun.
enum PreviewOverlay {
    static func draw(_ preview: ActionPreview, into buffer: inout CellBuffer, area: Rect) {
        let shown = min(preview.affected.count, max(1, area.height - 6))
        let extra = (preview.note == nil ? 0 : 1) + (preview.affected.count > shown ? 1 : 0)
        let height = shown + 2 + extra + (preview.affected.isEmpty ? 1 : 0)
        let box = Rect(x: area.x + 4, y: area.maxY - height, width: area.width - 8, height: height)
        Box.draw(into: &buffer, rect: box, title: "Will rerun (dry run)", style: Style(.overlay))
        var y = box.y + 1
        if preview.affected.isEmpty {
            buffer.put("  nothing: the dry run cleared no task instance", x: box.x + 1, y: y, style: Style(.warn, [], background: .overlay), maxWidth: box.width - 2)
            y += 1
        }
        for name in preview.affected.prefix(shown) {
            buffer.put(line: [Span("  ↻ ", Style(.running, [], background: .overlay)), Span.untrusted(name, Style(.base, [], background: .overlay))],
                       x: box.x + 1, y: y, maxWidth: box.width - 2)
            y += 1
        }
        if preview.affected.count > shown {
            buffer.put("  … \(preview.affected.count - shown) more", x: box.x + 1, y: y, style: Style(.dim, [], background: .overlay))
            y += 1
        }
        if let note = preview.note {
            buffer.put(line: [Span.untrusted("  " + note, Style(.dim, [], background: .overlay))], x: box.x + 1, y: y, maxWidth: box.width - 2)
        }
    }
}
