import Foundation
import VigilCore

/// Pane 6: what changed on the platform (DAG versions, dbt manifests, schemas, commits, release notes), newest
/// first, with what each touched, what it feeds downstream and whether an incident named it.
struct ChangesScreen {
    let state: ConsoleState

    @discardableResult
    func draw(into buffer: inout CellBuffer, area: Rect) -> Rect? {
        let snapshot = state.snapshot
        let now = snapshot.now
        let rows = state.changeRows
        let (titleArea, rest) = area.splitTop(1)
        let (listArea, detailArea) = rest.splitBottom(min(3, max(0, rest.height - 5)))
        SectionTitle.draw(into: &buffer, area: titleArea, title: "Changes", shown: rows.count,
                          total: snapshot.changes.count, filter: state.filter(for: .pane(.changes)),
                          note: "newest first, last 35 days; ⏎ details")
        let table = Table(columns: [
            Column("WHEN", .fixed(10), alignRight: true),
            Column("UTC", .fixed(11), priority: 2),
            Column("KIND", .fixed(12)),
            Column("SOURCE", .fixed(12), priority: 3),
            Column("TITLE", .flex(3)),
            Column("TOUCHED", .flex(2), priority: 1),
            Column("FEEDS", .fixed(5), alignRight: true, priority: 2),
            Column("INCIDENT", .fixed(9)),
        ], rowCount: rows.count, emptyText: emptyText(snapshot)) { i in
            let r = rows[i]
            let c = r.change
            return [
                [Span(TimeText.age(c.at, now: now), .dim)],
                [Span(TimeText.stamp(c.at), .dim)],
                [Span(c.kind.label)],
                [Span.untrusted(c.source, Style(.dim))],
                [Span.untrusted(c.title)],
                [Span.untrusted(ChangesViewModel.namesText(ChangesViewModel.subjectNames(c)))],
                [Span(r.downstream.isEmpty ? "—" : "\(r.downstream.count)", r.downstream.isEmpty ? .dim : .base)],
                [r.incidents.isEmpty ? Span("—", .dim) : Span.untrusted(ChangesViewModel.namesText(r.incidents, limit: 1), Style(.warn, .bold))],
            ]
        }
        let listBody = state.drawList(table, view: .pane(.changes), into: &buffer, area: listArea)
        let selected = state.list(.pane(.changes)).selected
        if rows.indices.contains(selected), detailArea.height >= 2 {
            let r = rows[selected]
            buffer.put(String(repeating: "─", count: detailArea.width), x: detailArea.x, y: detailArea.y, style: Style(.border))
            buffer.put(line: [Span(" feeds ", Style(.title, .bold)),
                              Span.untrusted(ChangesViewModel.namesText(r.downstream.map { $0.name }, limit: 6))],
                       x: detailArea.x, y: detailArea.y + 1, maxWidth: detailArea.width)
            if detailArea.height >= 3 {
                let named = r.incidents.isEmpty ? "no incident named it" : "named by " + r.incidents.joined(separator: ", ")
                buffer.put(line: [Span(" by ", Style(.title, .bold)), Span.untrusted(r.change.author ?? "—"),
                                  Span("  ref ", Style(.title, .bold)), Span.untrusted(r.change.ref ?? "—"),
                                  Span("  " + named, r.incidents.isEmpty ? .dim : .warn)],
                           x: detailArea.x, y: detailArea.y + 2, maxWidth: detailArea.width)
            }
        }
        return listBody
    }

    private func emptyText(_ snapshot: PlatformSnapshot) -> String {
        snapshot.changes.isEmpty
            ? "No changes seen in the last 35 days (DAG versions, dbt manifests, schemas, commits, vigil change record)."
            : "No change matches the filter. Esc clears it."
    }
}

/// Drill-down from Changes: one change in full: when, what, who, its ref and detail, what it touched, everything
/// it feeds downstream, and the incidents that named it.
struct ChangeScreen {
    let state: ConsoleState
    let id: String

    func draw(into buffer: inout CellBuffer, area: Rect) {
        let snapshot = state.snapshot
        let now = snapshot.now
        guard let row = state.rows.allChanges.value.first(where: { $0.id == id }) else {
            buffer.put("That change is no longer in the last 35 days.", x: area.x + 2, y: area.y + 1, style: Style(.dim))
            return
        }
        let c = row.change
        var y = area.y
        func put(_ line: Line) {
            guard y < area.maxY else { return }
            buffer.put(line: line, x: area.x, y: y, maxWidth: area.width)
            y += 1
        }
        put([Span(" Change ", Style(.title, .bold)), Span.untrusted(c.title, Style(.title, .bold))])
        put(Facts.line([
            ("when", Span(TimeText.age(c.at, now: now) + " (" + TimeText.stamp(c.at) + " UTC)")),
            ("kind", Span(c.kind.label)),
            ("source", Span.untrusted(c.source)),
            ("by", Span.untrusted(c.author ?? "—")),
            ("ref", Span.untrusted(c.ref ?? "—")),
        ]))
        put(Facts.line([("touched", Span.untrusted(ChangesViewModel.subjectNames(c).joined(separator: ", ").nonEmpty ?? "nothing named"))]))
        put(Facts.line([("incidents", row.incidents.isEmpty ? Span("none named it", .dim)
                                                            : Span.untrusted(row.incidents.joined(separator: ", "), Style(.warn, .bold)))]))
        if let detail = c.detail, !detail.isEmpty {
            y += 1
            put([Span(" Detail", Style(.title, .bold))])
            let lines = detail.split(separator: "\n", omittingEmptySubsequences: false).prefix(max(0, (area.maxY - y) / 2))
            for l in lines { put([Span("  "), Span.untrusted(String(l))]) }
        }
        y += 1
        put([Span(" Feeds downstream ", Style(.title, .bold)), Span("\(row.downstream.count) node\(row.downstream.count == 1 ? "" : "s"), nearest first", .dim)])
        let datasets = Dictionary(snapshot.datasets.map { ($0.dataset.name, $0) }, uniquingKeysWith: { a, _ in a })
        let room = max(0, area.maxY - y)
        for node in row.downstream.prefix(row.downstream.count > room ? max(0, room - 1) : room) {
            if let d = node.datasetName.flatMap({ datasets[$0] }) {
                let f = StatusGlyphs.of(d.state(now: now))
                put([Span("  \(f.glyph) ", f.role), Span.untrusted(d.dataset.name), Span("  T\(d.dataset.tier)", .dim)])
            } else {
                put([Span(node.pipelineReference == nil ? "  ◇ " : "  ⚙ ", .dim), Span.untrusted(node.name)])
            }
        }
        if row.downstream.count > room, room > 0 { put([Span("  … \(row.downstream.count - room + 1) more", .dim)]) }
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
