import Foundation
import VigilCore

/// Pane 5: every source and how its collector is doing, unhealthy first (k9s's resource list, for collectors).
struct SourcesScreen {
    let state: ConsoleState

    @discardableResult
    func draw(into buffer: inout CellBuffer, area: Rect) -> Rect? {
        let snapshot = state.snapshot
        let now = snapshot.now
        let rows = state.sourceRows
        let (titleArea, rest) = area.splitTop(1)
        let (listArea, detailArea) = rest.splitBottom(4)
        // The notify targets (alerts out) under the sources, when vigil.yaml has any: where a page would go, and
        // whether it can.
        let targets = NotifyTargetsSection.height(snapshot.notifyTargets, within: listArea.height)
        let (tableArea, targetsArea) = listArea.splitBottom(targets)
        NotifyTargetsSection.draw(snapshot.notifyTargets, into: &buffer, area: targetsArea, now: now)
        SectionTitle.draw(into: &buffer, area: titleArea, title: "Sources", shown: rows.count,
                          total: snapshot.sources.count, filter: state.filter(for: .pane(.sources)),
                          note: "down and degraded first; data of a down source is its last good data")
        let table = Table(columns: [
            Column("HEALTH", .fixed(10)),
            Column("SOURCE", .flex(2)),
            Column("KIND", .fixed(11), priority: 3),  // "openlineage"
            Column("LAST SUCCESS", .fixed(12), alignRight: true),
            Column("FAILURES", .fixed(8), alignRight: true, priority: 1),
            Column("PASS", .fixed(7), alignRight: true, priority: 2),
            Column("LAST ERROR / NOTE", .flex(4)),
        ], rowCount: rows.count, emptyText: emptyText(snapshot)) { i in
            let s = rows[i]
            let mark = StatusGlyphs.of(s.health)
            let problem = s.lastError ?? s.note
            return [
                [Span("\(mark.glyph) \(mark.word)", Style(mark.role, .bold))],
                [Span.untrusted(s.name)],
                [Span(s.kind.rawValue, .dim)],
                [Span(TimeText.age(s.lastSuccessAt, now: now), s.health == .down ? .error : .dim)],
                [Span(s.consecutiveFailures == 0 ? "0" : "\(s.consecutiveFailures)", s.consecutiveFailures > 0 ? .error : .dim)],
                [Span(SourcesViewModel.passText(s.lastPassSeconds), .dim)],
                [Span.untrusted(problem ?? "—", s.lastError != nil ? Style(mark.role) : Style(.dim))],
            ]
        }
        let listBody = state.drawList(table, view: .pane(.sources), into: &buffer, area: tableArea)
        let state = state.list(.pane(.sources))
        if rows.indices.contains(state.selected) {
            SourceFacts.draw(rows[state.selected], into: &buffer, area: detailArea, now: now, hint: "⏎ details")
        }
        return listBody
    }

    private func emptyText(_ snapshot: PlatformSnapshot) -> String {
        if snapshot.sources.isEmpty {
            return "No source has reported yet. Start `vigil collect` or `vigil console` with a vigil.yaml (vigil init writes one)."
        }
        return "No source matches the filter. Esc clears it."
    }
}

/// `notify:` targets, shown like sources (health, last success, failures in a row, last error): not selectable.
enum NotifyTargetsSection {
    /// Rows it takes: a blank line, its title, the column header and up to 6 targets, leaving the sources at least 5.
    static func height(_ targets: [NotifyTargetStatus], within height: Int) -> Int {
        guard !targets.isEmpty else { return 0 }
        return max(0, min(3 + min(targets.count, 6), height - 5))
    }

    static func draw(_ targets: [NotifyTargetStatus], into buffer: inout CellBuffer, area: Rect, now: Date) {
        guard area.height >= 4 else { return }
        let rows = targets.sorted { a, b in
            let (ra, rb) = (SourcesViewModel.rank(a.health), SourcesViewModel.rank(b.health))
            return ra != rb ? ra < rb : a.name < b.name
        }
        let (titleArea, tableArea) = area.splitTop(2)
        SectionTitle.draw(into: &buffer, area: Rect(x: titleArea.x, y: titleArea.y + 1, width: titleArea.width, height: 1),
                          title: "Notify targets", shown: rows.count, total: rows.count, filter: "",
                          note: "alerts out (notify:); a failing target keeps its alerts queued and retries")
        let table = Table(columns: [
            Column("HEALTH", .fixed(10)),
            Column("TARGET", .flex(2)),
            Column("KIND", .fixed(12), priority: 3),  // "alertmanager"
            Column("LAST SUCCESS", .fixed(12), alignRight: true),
            Column("FAILURES", .fixed(8), alignRight: true, priority: 1),
            Column("LAST ERROR", .flex(4)),
        ], rowCount: rows.count) { i in
            let t = rows[i]
            let mark = StatusGlyphs.of(t.health)
            return [
                [Span("\(mark.glyph) \(t.health == .unknown ? "idle" : mark.word)", Style(mark.role, .bold))],
                [Span.untrusted(t.name)],
                [Span(t.kind, .dim)],
                [Span(TimeText.age(t.lastSuccessAt, now: now), t.health == .down ? .error : .dim)],
                [Span("\(t.consecutiveFailures)", t.consecutiveFailures > 0 ? .error : .dim)],
                [Span.untrusted(t.lastError ?? "—", t.lastError != nil ? Style(mark.role) : Style(.dim))],
            ]
        }
        table.draw(into: &buffer, area: tableArea, state: ListState(selected: -1), focused: false)
    }
}

/// A source's health facts and its full last error / note, wrapped: under the Sources list and atop the detail.
enum SourceFacts {
    @discardableResult
    static func draw(_ s: SourceStatus, into buffer: inout CellBuffer, area: Rect, now: Date, hint: String? = nil) -> Int {
        guard area.height >= 2 else { return area.y }
        var y = area.y
        buffer.put(String(repeating: "─", count: area.width), x: area.x, y: y, style: Style(.border))
        y += 1
        let mark = StatusGlyphs.of(s.health)
        var facts: [(String, Span)] = [
            ("source", Span.untrusted(s.name, Style(.title, .bold))),
            ("health", Span("\(mark.glyph) \(mark.word)", Style(mark.role, .bold))),
            ("last success", Span(TimeText.age(s.lastSuccessAt, now: now))),
            ("last attempt", Span(TimeText.age(s.lastAttemptAt, now: now))),
        ]
        if let failures = SourcesViewModel.failuresText(s) { facts.append(("failed", Span(failures, .error))) }
        facts.append(("pass", Span(SourcesViewModel.passText(s.lastPassSeconds))))
        var line = Facts.line(facts)
        if let hint { line.append(Span(hint, .dim)) }
        buffer.put(line: line, x: area.x, y: y, maxWidth: area.width)
        y += 1
        var texts: [(String, String, StyleRole)] = []
        if let error = s.lastError { texts.append(("error", error, s.health == .down ? .error : .warn)) }
        if let note = s.note { texts.append(("note", note, .dim)) }
        for (label, text, role) in texts where y < area.maxY {
            let width = max(10, area.width - label.count - 3)
            for (i, part) in TextWrap.lines(TextSanitizer.singleLine(text), width: width, maxLines: max(1, area.maxY - y)).enumerated() {
                let prefix = i == 0 ? " " + label + " " : String(repeating: " ", count: label.count + 2)
                buffer.put(line: [Span(prefix, .dim), Span(part, role)], x: area.x, y: y, maxWidth: area.width)
                y += 1
                if y >= area.maxY { break }
            }
        }
        return y
    }
}
