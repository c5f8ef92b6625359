import Foundation
import VigilCore

/// Pane 4: the runbook attached to the selected incident, its steps with who did what, and the current step.
struct RunbookScreen {
    let state: ConsoleState

    @discardableResult
    func draw(into buffer: inout CellBuffer, area: Rect) -> Rect? {
        let snapshot = state.snapshot
        let (titleArea, rest) = area.splitTop(1)
        guard let incident = state.selectedIncident else {
            SectionTitle.draw(into: &buffer, area: titleArea, title: "Runbook", shown: 0, total: 0, filter: "")
            buffer.put("No incident selected. Pick one in the Incidents pane (3).", x: area.x + 2, y: area.y + 2, style: Style(.dim))
            return nil
        }
        guard let runbook = snapshot.runbook(id: incident.incident.runbookID) else {
            buffer.put(line: [Span(" Runbook", Style(.title, .bold)), Span.untrusted("  for \(incident.incident.id) \(incident.incident.title)", Style(.dim))],
                       x: titleArea.x, y: titleArea.y, maxWidth: titleArea.width)
            buffer.put("No runbook is attached to this incident.", x: area.x + 2, y: area.y + 2, style: Style(.dim))
            return nil
        }
        let done = runbook.steps.indices.filter { incident.status(ofStep: $0).map { $0.status != .pending } ?? false }.count
        buffer.put(line: [
            Span(" Runbook ", Style(.title, .bold)), Span.untrusted(runbook.title, Style(.title, .bold)),
            Span("  \(done)/\(runbook.steps.count) steps", .dim),
            Span.untrusted("  for \(incident.incident.id) · \(incident.incident.title)", Style(.dim)),
        ], x: titleArea.x, y: titleArea.y, maxWidth: titleArea.width)

        let current = IncidentViewModel.currentStep(incident, runbook: runbook)
        let listHeight = min(runbook.steps.count + 1, max(4, rest.height / 2))
        let (listArea, detailArea) = rest.splitTop(listHeight)
        let now = snapshot.now
        let table = Table(columns: [
            Column("#", .fixed(3), alignRight: true),
            Column("STATUS", .fixed(10)),
            Column("STEP", .flex(3)),
            Column("BY", .fixed(10), priority: 2),
            Column("WHEN", .fixed(9), alignRight: true, priority: 1),
        ], rowCount: runbook.steps.count) { i in
            let progress = incident.status(ofStep: i)
            let status = progress?.status ?? .pending
            let mark = i == current ? StatusMark("▸", "NEXT", .running) : StatusGlyphs.of(status)
            return [
                [Span("\(i + 1)", .dim)],
                [Span("\(mark.glyph) \(mark.word)", Style(mark.role, .bold))],
                [Span.untrusted(runbook.steps[i].title, i == current ? Style(.base, .bold) : Style(status == .pending ? .base : .dim))],
                [Span.untrusted(progress?.actor ?? "", Style(.dim))],
                [Span(progress.map { TimeText.age($0.at, now: now) } ?? "", .dim)],
            ]
        }
        let listBody = state.drawList(table, view: .pane(.runbook), into: &buffer, area: listArea)
        let selected = state.list(.pane(.runbook)).selected
        if runbook.steps.indices.contains(selected) {
            drawStep(runbook.steps[selected], index: selected, progress: incident.status(ofStep: selected),
                     placeholders: RunbookPlaceholders(incident.incident, in: snapshot), into: &buffer, area: detailArea)
        }
        return listBody
    }

    private func drawStep(_ step: RunbookStep, index: Int, progress: RunbookStepProgress?, placeholders: RunbookPlaceholders,
                          into buffer: inout CellBuffer, area: Rect) {
        guard area.height >= 3 else { return }
        buffer.put(String(repeating: "─", count: area.width), x: area.x, y: area.y, style: Style(.border))
        var y = area.y + 1
        buffer.put(line: [Span(" Step \(index + 1): ", Style(.title, .bold)), Span.untrusted(step.title, Style(.title, .bold))],
                   x: area.x, y: y, maxWidth: area.width)
        y += 2
        if let detail = step.detail {
            for paragraph in TextSanitizer.clean(detail).split(separator: "\n", omittingEmptySubsequences: false) {
                for line in TextWrap.lines(String(paragraph), width: area.width - 2, maxLines: 8) where y < area.maxY {
                    buffer.put(" " + line, x: area.x, y: y, maxWidth: area.width - 1)
                    y += 1
                }
            }
            y += 1
        }
        if let command = step.command, y < area.maxY {
            buffer.put(" command", x: area.x, y: y, style: Style(.dim))
            y += 1
            // As it will run: {dataset}, {pipeline}, {task} and {incident} filled from this incident.
            for line in TextSanitizer.clean(placeholders.fill(command)).split(separator: "\n") where y < area.maxY {
                buffer.put("   $ " + String(line), x: area.x, y: y, style: Style(.prompt), maxWidth: area.width - 1)
                y += 1
            }
            y += 1
        }
        if let progress, let note = progress.note, y < area.maxY {
            buffer.put(line: [Span(" note ", .dim), Span.untrusted("\(progress.actor): \(note)")], x: area.x, y: y, maxWidth: area.width)
        }
    }
}
