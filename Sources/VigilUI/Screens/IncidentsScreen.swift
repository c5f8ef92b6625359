import Foundation
import VigilCore

/// Pane 3: incidents (open first, by severity) above the timeline of the selected one.
struct IncidentsScreen {
    let state: ConsoleState

    @discardableResult
    func draw(into buffer: inout CellBuffer, area: Rect) -> Rect? {
        let snapshot = state.snapshot
        let rows = state.incidentRows
        let (titleArea, rest) = area.splitTop(1)
        let listHeight = min(max(4, rows.count + 1), max(4, rest.height * 2 / 5))
        let (listArea, detailArea) = rest.splitTop(listHeight)
        SectionTitle.draw(into: &buffer, area: titleArea, title: "Incidents", shown: rows.count,
                          total: snapshot.incidents.count, filter: state.filter(for: .pane(.incidents)),
                          note: "open first, then by severity; ⏎ walks the runbook")
        let now = snapshot.now
        let table = Table(columns: [
            Column("ID", .fixed(7)),
            Column("SEV", .fixed(5)),
            Column("STATE", .fixed(12)),
            Column("OPENED", .fixed(10), alignRight: true),
            Column("LEAD", .fixed(10), priority: 2),
            Column("TITLE", .flex(1)),
        ], rowCount: rows.count, emptyText: "No incidents. Quiet shift.") { i in
            let inc = rows[i].incident
            let mark = StatusGlyphs.of(inc.state)
            return [
                [Span.untrusted(inc.id)],
                [Span(inc.severity.label, Style(StatusGlyphs.role(of: inc.severity), .bold))],
                [Span("\(mark.glyph) \(mark.word)", mark.role)],
                [Span(TimeText.age(inc.openedAt, now: now), .dim)],
                [Span.untrusted(inc.lead ?? "—")],
                [Span.untrusted(inc.title)],
            ]
        }
        let listBody = state.drawList(table, view: .pane(.incidents), into: &buffer, area: listArea)
        if let selected = state.selectedIncident, rows.contains(where: { $0.id == selected.id }) {
            drawTimeline(selected, into: &buffer, area: detailArea, now: now)
        }
        return listBody
    }

    private func drawTimeline(_ summary: IncidentSummary, into buffer: inout CellBuffer, area: Rect, now: Date) {
        guard area.height >= 3 else { return }
        let inc = summary.incident
        buffer.put(String(repeating: "─", count: area.width), x: area.x, y: area.y, style: Style(.border))
        var facts: [(String, Span)] = [
            ("incident", Span.untrusted(inc.id, Style(.title, .bold))),
            ("severity", Span(inc.severity.label, Style(StatusGlyphs.role(of: inc.severity), .bold))),
            ("kind", Span(inc.kind?.label ?? "opened by hand")),
            ("open for", Span(TimeText.duration((inc.resolvedAt ?? now).timeIntervalSince(inc.openedAt)))),
        ]
        if !inc.affectedDatasets.isEmpty {
            facts.append(("affects", Span.untrusted(inc.affectedDatasets.joined(separator: ", "))))
        }
        buffer.put(line: Facts.line(facts), x: area.x, y: area.y + 1, maxWidth: area.width)
        // Its action items, then what changed before it and what past incidents like it taught, above the timeline,
        // which keeps a third of the area (at least 4 lines).
        let room = area.height - 3 - max(4, (area.height - 3) / 3)
        let items = actionItemLines(summary, now: now, room: room)
        let above = items + memoryLines(summary, now: now, room: room - items.count)
        for (i, line) in above.enumerated() { buffer.put(line: line, x: area.x, y: area.y + 2 + i, maxWidth: area.width) }
        let top = area.y + 3 + above.count
        buffer.put(" Timeline (relative to detection)", x: area.x, y: area.y + 2 + above.count, style: Style(.title, .bold))
        let origin = summary.timeline.first { $0.kind == .detected }?.at ?? inc.openedAt
        // Each entry's text wraps under itself (up to 3 lines); newest entries win when space runs out.
        let textX = 1 + 8 + 2 + 11 + 2 + 13 + 10 + 1
        let textWidth = max(10, area.width - textX - 1)
        var blocks: [[Line]] = summary.timeline.map { event in
            let wrapped = TextWrap.lines(TextSanitizer.singleLine(event.text), width: textWidth, maxLines: 3)
            let head: Line = [
                Span(" " + TimeText.relative(event.at, to: origin).fitted(to: 8, alignRight: true) + "  ", .dim),
                Span(TimeText.stamp(event.at) + "  ", .dim),
                Span(label(event.kind).fitted(to: 13), Style(role(event.kind), .bold)),
                Span.untrusted(event.actor.fitted(to: 10), Style(.title)),
                Span(" "),
                Span(wrapped.first ?? ""),
            ]
            return [head] + wrapped.dropFirst().map { [Span(String(repeating: " ", count: textX)), Span($0)] }
        }
        var lines: [Line] = []
        while let block = blocks.popLast(), lines.count + block.count <= area.maxY - top { lines.insert(contentsOf: block, at: 0) }
        for (i, line) in lines.enumerated() {
            buffer.put(line: line, x: area.x, y: top + i, maxWidth: area.width)
        }
    }

    /// The incident's postmortem action items, open first (an overdue one in the error colour), done ones marked ✓ and
    /// dimmed: at most 4, within `room` lines with the heading.
    private func actionItemLines(_ summary: IncidentSummary, now: Date, room: Int) -> [Line] {
        let items = ActionItem.openFirst(summary.actionItems)
        guard !items.isEmpty, room >= 2 else { return [] }
        let shown = min(items.count, room - 1, 4)
        let open = items.filter { !$0.isDone(at: now) }.count
        let overdue = items.filter { $0.isOverdue(at: now) }.count
        var counts = "  \(open) open · \(items.count - open) done" + (overdue > 0 ? " · \(overdue) overdue" : "")
        if shown < items.count { counts += " · \(items.count - shown) more in vigil incident action list" }
        var lines: [Line] = [[Span(" Action items", Style(.title, .bold)), Span(counts, .dim)]]
        for item in items.prefix(shown) {
            let done = item.isDone(at: now), late = item.isOverdue(at: now)
            let details = item.details(at: now)
            lines.append([
                Span(done ? "   ✓ " : "   ☐ ", Style(done ? .ok : late ? .error : .base, .bold)),
                Span("#\(item.number) ", .dim),
                Span.untrusted(item.text, done ? Style(.dim) : Style(.base)),
                Span.untrusted(details.isEmpty ? "" : "  " + details, late ? Style(.error, .bold) : Style(.dim)),
            ])
        }
        return lines
    }

    /// "Changes before" (the one detection named marked ★) and "Similar past incidents", at most `room` lines,
    /// each block up to 3 entries.
    private func memoryLines(_ summary: IncidentSummary, now: Date, room: Int) -> [Line] {
        guard room >= 2 else { return [] }
        let inc = summary.incident
        var lines: [Line] = []
        let changes = IncidentViewModel.changesBefore(summary, in: state.snapshot)
        let similar = state.snapshot.similar[inc.id] ?? []
        let perBlock = max(1, min(3, (room - (changes.isEmpty ? 0 : 1) - (similar.isEmpty ? 0 : 1)) / max(1, (changes.isEmpty ? 0 : 1) + (similar.isEmpty ? 0 : 1))))
        if !changes.isEmpty {
            lines.append([Span(" Changes before", Style(.title, .bold)),
                          Span("  to its cause or upstream, in the day before the first signal; ★ named by detection", .dim)])
            for c in changes.prefix(perBlock) {
                let named = c.change.id == inc.causeChangeID
                lines.append([
                    Span(named ? " ★ " : "   ", Style(.warn, .bold)),
                    Span(TimeText.stamp(c.change.at) + "  ", .dim),
                    Span((DurationFormat.compact(c.lead) + " before").fitted(to: 12) + "  ", .dim),
                    Span(c.change.kind.label.fitted(to: 13)),
                    Span.untrusted(c.change.title, named ? Style(.base, .bold) : Style(.base)),
                    Span.untrusted("  on " + c.touched.name, Style(.dim)),
                ])
            }
        }
        if !similar.isEmpty, lines.count + 2 <= room {
            lines.append([Span(" Similar past incidents", Style(.title, .bold)), Span("  resolved, last 180 days", .dim)])
            // A head line each, then what was learnt (notes, then the runbook steps used) while room is left,
            // strongest match first.
            var blocks: [[Line]] = similar.prefix(perBlock).map { p in
                var block: [Line] = [[
                    Span.untrusted("   " + p.incident.id.fitted(to: 8) + " ", Style(.title)),
                    Span((TimeText.age(p.incident.openedAt, now: now) + " ").fitted(to: 11), .dim),
                    Span(("took " + TimeText.duration(p.duration)).fitted(to: 12), .dim),
                    Span.untrusted(("lead " + (p.incident.lead ?? "—")).fitted(to: 11)),
                    Span(p.howText.fitted(to: 10), p.incident.resolution?.isActionable == false ? Style(.dim) : Style(.ok, .bold)),
                    Span(p.reasonText, .dim),
                ]]
                if !p.notes.isEmpty {
                    block.append([Span("      notes  ", .dim), Span.untrusted(p.notes.joined(separator: " · "))])
                } else if let ended = p.resolvedText {
                    block.append([Span("      ended  ", .dim), Span.untrusted(ended)])
                }
                if !p.steps.isEmpty {
                    block.append([Span("      steps  ", .dim), Span.untrusted(p.steps.joined(separator: " · "), Style(.dim))])
                }
                return block
            }
            var spare = room - lines.count - blocks.count
            for i in blocks.indices {
                let extra = min(spare, blocks[i].count - 1)
                blocks[i] = Array(blocks[i].prefix(1 + max(0, extra)))
                spare -= max(0, extra)
            }
            for block in blocks { lines.append(contentsOf: block) }
        }
        return Array(lines.prefix(room))
    }

    private func label(_ kind: TimelineEventKind) -> String {
        switch kind {
        case .detected: return "● detected"
        case .acknowledged: return "◉ acked"
        case .note: return "✎ note"
        case .severityChanged: return "⇅ severity"
        case .leadChanged: return "⇄ lead"
        case .stepDone: return "✓ step done"
        case .stepSkipped: return "» step skip"
        case .mitigated: return "◑ mitigated"
        case .resolved: return "✓ resolved"
        case .signal: return "~ signal"
        case .recovered: return "◌ recovered"
        case .action: return "⚙ action"
        case .notified: return "✉ notified"
        case .notifyFailed: return "✉ notify ✗"
        case .actionItem: return "☐ follow-up"
        }
    }

    private func role(_ kind: TimelineEventKind) -> StyleRole {
        switch kind {
        case .detected, .signal: return .error
        case .acknowledged, .severityChanged, .leadChanged: return .warn
        case .note: return .base
        case .stepDone, .resolved, .recovered: return .ok
        case .stepSkipped: return .paused
        case .mitigated, .action: return .running
        case .notified: return .ok
        case .notifyFailed: return .warn
        case .actionItem: return .running
        }
    }
}
