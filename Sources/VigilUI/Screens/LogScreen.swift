import Foundation
import VigilCore

/// Drill-down from a task instance: the log of that try, scrollable, searched with `/` and n/N, cleaned of
/// escapes (one sanitizer, as everywhere), with a note when it was cut to the size cap.
struct LogScreen {
    let state: ConsoleState
    let route: Route
    let ref: TaskLogRef

    func draw(into buffer: inout CellBuffer, area: Rect) -> Rect? {
        guard case .log(let log, let error)? = state.drill[route] else { return nil }
        let (titleArea, rest) = area.splitTop(1)
        let search = state.filter(for: .route(route))
        var title: Line = [Span(" Log ", Style(.title, .bold)), Span.untrusted("\(ref.taskID) try \(ref.tryNumber)", Style(.title, .bold)),
                           Span.untrusted("  \(ref.pipelineID) › \(ref.runID)", Style(.dim)), Span("  \(log.lines.count) lines", .dim)]
        if !search.isEmpty { title += [Span("  search: ", .dim), Span(search, Style(.prompt, .bold))] }
        buffer.put(line: title, x: titleArea.x, y: titleArea.y, maxWidth: titleArea.width)
        var body = rest
        if let note = log.truncationNote {
            buffer.put(line: [Span(" ✂ ", .warn), Span.untrusted(note, Style(.warn))], x: body.x, y: body.y, maxWidth: body.width)
            body = body.splitTop(1).1
        }
        if let error {
            buffer.put(line: [Span(" ✗ ", Style(.error, .bold)), Span.untrusted("could not fetch the log: " + error, Style(.error))],
                       x: body.x, y: body.y, maxWidth: body.width)
            return nil
        }
        guard !log.lines.isEmpty else {
            buffer.put("  The log of this try is empty.", x: body.x, y: body.y + 1, style: Style(.dim))
            return nil
        }
        let needle = TextSearch.Needle(search)
        let number = String(log.lines.count).count
        let table = Table(columns: [Column("#", .fixed(number), alignRight: true), Column("LINE", .flex(1))],
                          rowCount: log.lines.count) { i in
            let text = TextSanitizer.singleLine(log.lines[i].replacingOccurrences(of: "\t", with: "    "))
            let hit = !needle.isEmpty && needle.found(in: text)
            return [[Span("\(i + 1)", .dim)], [Span(text, hit ? Style(.prompt, .bold) : LogScreen.style(of: text))]]
        }
        return state.drawList(table, view: .route(route), into: &buffer, area: body)
    }

    /// Errors and warnings stand out, as in Airflow's log view.
    static func style(of line: String) -> Style {
        if line.contains("ERROR") || line.contains("Traceback") || line.contains("CRITICAL") { return Style(.error) }
        if line.contains("WARNING") { return Style(.warn) }
        return Style(.base)
    }
}
