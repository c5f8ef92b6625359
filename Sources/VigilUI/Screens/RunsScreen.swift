import Foundation
import VigilCore

/// Drill-down from Health: the runs of one pipeline, newest first.
struct RunsScreen {
    let state: ConsoleState
    let route: Route

    @discardableResult
    func draw(into buffer: inout CellBuffer, area: Rect) -> Rect? {
        guard case .pipelineRuns(_, let pipelineID) = route else { return nil }
        let rows = state.runRows(route)
        let total: Int
        if case .runs(let all)? = state.drill[route] { total = all.count } else { total = 0 }
        let (titleArea, tableArea) = area.splitTop(1)
        SectionTitle.draw(into: &buffer, area: titleArea, title: "Runs of " + TextSanitizer.singleLine(pipelineID),
                          shown: rows.count, total: total, filter: state.filter(for: .route(route)), note: "⏎ task instances")
        let now = state.snapshot.now
        let table = Table(columns: [
            Column("STATE", .fixed(17)),
            Column("RUN ID", .flex(3)),
            Column("LOGICAL DATE", .fixed(12), priority: 2),
            Column("STARTED", .fixed(11)),
            Column("AGE", .fixed(9), alignRight: true, priority: 3),
            Column("DURATION", .fixed(8), alignRight: true),
            Column("TYPE", .fixed(9), priority: 1),
        ], rowCount: rows.count, emptyText: "No runs recorded for this pipeline.") { i in
            let run = rows[i]
            let mark = StatusGlyphs.of(run.state)
            return [
                [Span("\(mark.glyph) \(mark.word)", Style(mark.role, .bold))],
                [Span.untrusted(run.runID)],
                [Span(TimeText.stamp(run.logicalDate), .dim)],
                [Span(TimeText.stamp(run.startedAt))],
                [Span(TimeText.age(run.startedAt, now: now), .dim)],
                [Span(TimeText.duration(run.duration(now: now)))],
                [Span.untrusted(run.runType, Style(.dim))],
            ]
        }
        let listBody = state.drawList(table, view: .route(route), into: &buffer, area: tableArea)
        return listBody
    }
}

/// Drill-down from a run: its task instances with tries and the error of failed ones.
struct TaskInstancesScreen {
    let state: ConsoleState
    let route: Route

    @discardableResult
    func draw(into buffer: inout CellBuffer, area: Rect) -> Rect? {
        guard case .tasks(let run, _)? = state.drill[route] else { return nil }
        let rows = state.taskRows(route)
        let now = state.snapshot.now
        let (titleArea, rest) = area.splitTop(1)
        let (tableArea, errorArea) = rest.splitBottom(min(6, rest.height / 3))
        let runMark = run.map { StatusGlyphs.of($0.state) }
        var title: Line = [Span(" Task instances", Style(.title, .bold))]
        if let run, let runMark {
            title += [Span.untrusted("  \(run.pipelineID) › \(run.runID)  ", Style(.dim)),
                      Span("\(runMark.glyph) \(runMark.word)", Style(runMark.role, .bold)),
                      Span("  " + TimeText.duration(run.duration(now: now)), .dim)]
        }
        buffer.put(line: title, x: titleArea.x, y: titleArea.y, maxWidth: titleArea.width)
        let table = Table(columns: [
            Column("STATE", .fixed(17)),
            Column("TASK", .flex(2)),
            Column("TRY", .fixed(5), alignRight: true),
            Column("STARTED", .fixed(11), priority: 2),
            Column("DURATION", .fixed(8), alignRight: true),
            Column("OPERATOR", .fixed(16), priority: 3),
            Column("ERROR", .flex(3), priority: 1),
        ], rowCount: rows.count, emptyText: "No task instances recorded for this run.") { i in
            let t = rows[i]
            let mark = StatusGlyphs.of(t.state)
            return [
                [Span("\(mark.glyph) \(mark.word)", Style(mark.role, .bold))],
                [Span.untrusted(t.taskID)],
                [Span("\(t.tryNumber)/\(t.maxTries)", t.tryNumber > 1 ? .warn : .base)],
                [Span(TimeText.stamp(t.startedAt), .dim)],
                [Span(TimeText.duration(t.duration(now: now)))],
                [Span.untrusted(t.operatorName ?? "—", Style(.dim))],
                [Span.untrusted(t.errorMessage.map(ErrorSummary.headline) ?? "", Style(.error))],
            ]
        }
        let listBody = state.drawList(table, view: .route(route), into: &buffer, area: tableArea)
        let selected = state.list(.route(route)).selected
        if rows.indices.contains(selected), let message = rows[selected].errorMessage, errorArea.height >= 2 {
            buffer.put(String(repeating: "─", count: errorArea.width), x: errorArea.x, y: errorArea.y, style: Style(.border))
            buffer.put(" error of " + TextSanitizer.singleLine(rows[selected].taskID), x: errorArea.x, y: errorArea.y + 1, style: Style(.title, .bold))
            let lines = TextSanitizer.clean(message).split(separator: "\n")
            for (i, line) in lines.suffix(errorArea.height - 2).enumerated() {
                buffer.put(" " + String(line), x: errorArea.x, y: errorArea.y + 2 + i, style: Style(.error), maxWidth: errorArea.width - 1)
            }
        }
        return listBody
    }
}
