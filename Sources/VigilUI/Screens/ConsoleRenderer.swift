import Foundation
import VigilCore

/// Draws a frame: header, tabs with breadcrumbs, the current view, footer, and overlays.
struct ConsoleRenderer {
    let controller: ConsoleController

    static let minimumWidth = 80
    static let minimumHeight = 24

    func draw(into buffer: inout CellBuffer) {
        controller.layout = FrameLayout()
        guard buffer.width >= Self.minimumWidth, buffer.height >= Self.minimumHeight else {
            drawTooSmall(into: &buffer)
            return
        }
        if let standup = controller.standup {
            StandupScreen(controller: controller, state: standup).draw(into: &buffer)
            return
        }
        let area = buffer.area
        let (headerArea, rest) = area.splitTop(1)
        let (tabArea, rest2) = rest.splitTop(1)
        var (body, footerArea) = rest2.splitBottom(1)
        Chrome.drawHeader(into: &buffer, area: headerArea, snapshot: controller.snapshot, counts: controller.headerCounts())
        let down = SourcesViewModel.down(controller.snapshot)
        if !down.isEmpty {
            let (bannerArea, below) = body.splitTop(1)
            Chrome.drawSourceBanner(into: &buffer, area: bannerArea, down: down, now: controller.snapshot.now)
            body = below
        }
        controller.layout.tabs = Chrome.drawTabs(into: &buffer, area: tabArea, current: controller.pane,
                                                 crumbs: Array(controller.breadcrumbs.dropFirst()))
        drawBody(into: &buffer, area: body)
        Chrome.drawFooter(into: &buffer, area: footerArea, controller: controller)
        if controller.showHelp { HelpOverlay.draw(into: &buffer, area: body) }
    }

    private func drawBody(into buffer: inout CellBuffer, area: Rect) {
        guard controller.hasLoaded else {
            let text = controller.readError ?? "Reading the store…"
            buffer.put(text, x: area.x + 2, y: area.y + 1, style: Style(controller.readError == nil ? .dim : .error), maxWidth: area.width - 4)
            return
        }
        let view = controller.currentView
        switch view {
        case .pane(.health): HealthScreen(controller: controller).draw(into: &buffer, area: area)
        case .pane(.freshness): FreshnessScreen(controller: controller).draw(into: &buffer, area: area)
        case .pane(.incidents): IncidentsScreen(controller: controller).draw(into: &buffer, area: area)
        case .pane(.runbook): RunbookScreen(controller: controller).draw(into: &buffer, area: area)
        case .pane(.sources): SourcesScreen(controller: controller).draw(into: &buffer, area: area)
        case .route(let route):
            switch route {
            case .pipelineRuns: RunsScreen(controller: controller, route: route).draw(into: &buffer, area: area)
            case .runTasks: TaskInstancesScreen(controller: controller, route: route).draw(into: &buffer, area: area)
            case .dataset(let name): DatasetScreen(controller: controller, name: name).draw(into: &buffer, area: area)
            case .source(let name): SourceScreen(controller: controller, name: name).draw(into: &buffer, area: area)
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

extension ConsoleController {
    /// Draws a table for `view` in `area`, clamping its list state and recording it for mouse hits.
    func drawList(_ table: Table, view: ViewID, into buffer: inout CellBuffer, area: Rect, focused: Bool = true) {
        var state = list(view)
        state.clamp(count: table.rowCount, height: Table.bodyHeight(area))
        lists[view] = state
        table.draw(into: &buffer, area: area, state: state, focused: focused)
        if focused {
            layout.listBody = Rect(x: area.x, y: area.y + 1, width: area.width, height: Table.bodyHeight(area))
            layout.listView = view
        }
    }
}
