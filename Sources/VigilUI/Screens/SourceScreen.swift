import Foundation
import VigilCore

/// Drill-down from Sources: one source's health in full, a warehouse's sessions, dataset checks and costliest
/// statements, and what it feeds (pipelines and datasets it reports).
struct SourceScreen {
    let state: ConsoleState
    let name: String

    func draw(into buffer: inout CellBuffer, area: Rect) {
        let snapshot = state.snapshot
        let now = snapshot.now
        guard let source = snapshot.sources.first(where: { $0.name == name }) else {
            buffer.put("Source \(TextSanitizer.singleLine(name)) is no longer in the store.", x: area.x + 2, y: area.y + 1, style: Style(.dim))
            return
        }
        let mark = StatusGlyphs.of(source.health)
        buffer.put(line: [Span(" Source ", Style(.title, .bold)), Span.untrusted(source.name, Style(.title, .bold)),
                          Span("  \(source.kind.rawValue)", .dim), Span("  \(mark.glyph) \(mark.word)", Style(mark.role, .bold)),
                          Span("  " + SourcesViewModel.dataAgeText(source, now: now), source.health == .down ? .error : .dim)],
                   x: area.x, y: area.y, maxWidth: area.width)
        let factsArea = Rect(x: area.x, y: area.y + 1, width: area.width, height: min(8, area.height - 1))
        var y = SourceFacts.draw(source, into: &buffer, area: factsArea, now: now) + 1
        if case .source(let activity?)? = state.drill[.source(name: name)] {
            y = WarehouseSections.draw(activity, into: &buffer, x: area.x, y: y, width: area.width, maxY: area.maxY, now: now) + 1
        }
        let pipelines = snapshot.pipelines.filter { $0.pipeline.source == name }
        // Positions, not copies: a source can feed most of 100,000 datasets, and this runs every frame.
        let datasets = snapshot.datasets.indices.filter { snapshot.datasets[$0].dataset.source == name }
        // What this source names that Vigil could not join onto a known dataset: candidates for `aliases:`.
        let unplaced = snapshot.unplaced[name] ?? []
        if !unplaced.isEmpty, y + 1 < area.maxY {
            buffer.put(line: [Span(" Not placed ", Style(.title, .bold)),
                              Span("\(unplaced.count) name\(unplaced.count == 1 ? "" : "s") no dataset identity or alias matches; "
                                   + "add them as aliases: of the dataset they stand for", .dim)],
                       x: area.x, y: y, maxWidth: area.width)
            y += 1
            let room = min(unplaced.count, 5, max(0, area.maxY - y - 1))
            for n in unplaced.prefix(room) {
                buffer.put(line: [Span("  ? ", .unknown), Span.untrusted(n)], x: area.x, y: y, maxWidth: area.width)
                y += 1
            }
            if unplaced.count > room, room > 0 {
                buffer.put("    … \(unplaced.count - room) more", x: area.x, y: y, style: Style(.dim), maxWidth: area.width)
                y += 1
            }
            y += 1
        }
        guard y < area.maxY else { return }
        buffer.put(line: [Span(" Feeds ", Style(.title, .bold)),
                          Span("\(pipelines.count) pipeline\(pipelines.count == 1 ? "" : "s"), \(datasets.count) dataset\(datasets.count == 1 ? "" : "s")", .dim)],
                   x: area.x, y: y, maxWidth: area.width)
        y += 1
        for p in pipelines.prefix(max(0, area.maxY - y)) {
            let h = StatusGlyphs.of(p.health(now: now))
            buffer.put(line: [Span("  \(h.glyph) ", h.role), Span.untrusted(p.pipeline.pipelineID)], x: area.x, y: y, maxWidth: area.width)
            y += 1
        }
        for i in datasets.prefix(max(0, area.maxY - y)) {
            let d = snapshot.datasets[i]
            let f = StatusGlyphs.of(d.state(now: now))
            buffer.put(line: [Span("  \(f.glyph) ", f.role), Span.untrusted(d.dataset.name), Span("  T\(d.dataset.tier)", .dim)],
                       x: area.x, y: y, maxWidth: area.width)
            y += 1
        }
    }
}
