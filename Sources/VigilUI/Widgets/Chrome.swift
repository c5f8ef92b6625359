import Foundation
import VigilCore

/// The console's frame: header bar, tab bar with breadcrumbs, footer with key hints or the filter prompt.
enum Chrome {
    static func drawHeader(into buffer: inout CellBuffer, area: Rect, snapshot: PlatformSnapshot, counts: HeaderCounts) {
        buffer.fill(area, style: Style(.header))
        var line: Line = [Span(" VIGIL ", Style(.header, .bold))]
        if snapshot.isDemo { line.append(Span(" DEMO ", Style(.demoBadge, .bold))) }
        line.append(Span(" ", .header))
        // Counts by state, worst first; glyph + number so they read without colour.
        let health = counts.health
        let fresh = counts.freshness
        let marks: [(Int, StatusMark)] = [
            (health[.failing] ?? 0, StatusGlyphs.of(PipelineHealth.failing)),
            (health[.late] ?? 0, StatusGlyphs.of(PipelineHealth.late)),
            (health[.running] ?? 0, StatusGlyphs.of(PipelineHealth.running)),
            (fresh[.error] ?? 0, StatusMark("✗", "stale", .error)),
            (fresh[.warn] ?? 0, StatusMark("▲", "warn", .warn)),
        ]
        for (n, mark) in marks {
            let role: StyleRole = n > 0 ? mark.role : .header
            line.append(Span("\(mark.glyph)\(n) \(mark.word.lowercased())", Style(role, n > 0 ? .bold : [], background: .header)))
            line.append(Span(" ", .header))
        }
        let pages = counts.pages
        if pages > 0 {
            line.append(Span("PAGE \(pages)", Style(.error, [.bold, .reverse])))
            line.append(Span(" ", .header))
        }
        let open = counts.openIncidents
        line.append(Span("!\(open) incident\(open == 1 ? "" : "s")", Style(open > 0 ? .sev2 : .header, open > 0 ? .bold : [], background: .header)))
        line.append(Span(" │ ", .header))
        let clock = " " + TimeText.clock(snapshot.now) + " "
        let room = area.width - DisplayWidth.of(clock) - line.reduce(0) { $0 + $1.width }
        // Widest form that fits: every source; the unhealthy ones with their data age; then without it.
        let forms = [sourceSpans(snapshot.sources, compact: false, now: snapshot.now),
                     sourceSpans(snapshot.sources, compact: true, now: snapshot.now),
                     sourceSpans(snapshot.sources, compact: true, now: nil)]
        line += forms.first { $0.reduce(0) { $0 + $1.width } <= room } ?? forms[forms.count - 1]
        let clockWidth = DisplayWidth.of(clock)
        buffer.put(line: line, x: area.x, y: area.y, maxWidth: area.width - clockWidth)
        buffer.put(clock, x: area.maxX - clockWidth, y: area.y, style: Style(.header, .bold))
    }

    /// Each source with its health; when that does not fit, a count of healthy ones and the unhealthy by name.
    /// `now` nil leaves out how old a down source's data is.
    static func sourceSpans(_ sources: [SourceStatus], compact: Bool, now: Date?) -> Line {
        var line: Line = []
        if sources.isEmpty { return [Span("○ no sources have reported yet", Style(.unknown, [], background: .header))] }
        let shown = compact ? sources.filter { $0.health != .ok } : sources
        if compact {
            let ok = sources.count - shown.count
            line.append(Span("● ", Style(ok == sources.count ? .ok : .header, [], background: .header)))
            line.append(Span("\(ok)/\(sources.count) sources ok  ", .header))
        }
        for source in shown {
            let mark = StatusGlyphs.of(source.health)
            line.append(Span("\(mark.glyph) ", Style(mark.role, [], background: .header)))
            // A down source's data is its last good data: say how old it is.
            var age = ""
            if source.health == .down, let now { age = " (" + SourcesViewModel.dataAgeText(source, now: now) + ")" }
            line.append(Span.untrusted(source.name + (source.health == .ok ? "" : " " + mark.word + age),
                                       Style(source.health == .ok ? .header : mark.role, [], background: .header)))
            line.append(Span("  ", .header))
        }
        return line
    }

    /// One line naming the sources that are down, why, and how old the data shown for them is; the
    /// last good data stays on screen, so the engineer must know it is not live.
    static func drawSourceBanner(into buffer: inout CellBuffer, area: Rect, down: [SourceStatus], now: Date) {
        buffer.fill(area, style: Style(.error, .reverse))
        var line: Line = []
        for (i, s) in down.enumerated() {
            var text = (i == 0 ? " ✗ " : "  ✗ ") + s.name + " down"
            if let failures = SourcesViewModel.failuresText(s) { text += " (" + failures + ")" }
            text += ": showing " + (s.lastSuccessAt == nil ? "no data yet" : "its last good data, " + SourcesViewModel.dataAgeText(s, now: now))
            if down.count == 1, let error = s.lastError {
                // Collector errors start by naming the source, which the banner already did.
                let prefix = "source '\(s.name)': "
                text += " — " + (error.hasPrefix(prefix) ? String(error.dropFirst(prefix.count)) : error)
            }
            line.append(Span.untrusted(text, Style(.error, [.bold, .reverse])))
        }
        line.append(Span("  (5: sources) ", Style(.error, .reverse)))
        buffer.put(line: line, x: area.x, y: area.y, maxWidth: area.width)
    }

    /// Returns where each tab was drawn, for mouse clicks.
    static func drawTabs(into buffer: inout CellBuffer, area: Rect, current: Pane, crumbs: [String]) -> [(pane: Pane, range: Range<Int>)] {
        buffer.fill(area, style: Style(.tabInactive))
        var x = area.x
        var ranges: [(Pane, Range<Int>)] = []
        for pane in Pane.allCases {
            let label = " \(pane.rawValue) \(pane.title) "
            let active = pane == current
            let w = buffer.put(label, x: x, y: area.y, style: Style(active ? .tabActive : .tabInactive, active ? .bold : []))
            ranges.append((pane, x..<(x + w)))
            x += w + 1
        }
        if !crumbs.isEmpty {
            let trail = ([current.title] + crumbs).joined(separator: " › ")
            buffer.put("  " + trail, x: x + 1, y: area.y, style: Style(.title, .bold, background: .tabInactive), maxWidth: area.maxX - x - 1)
        }
        return ranges
    }

    static func drawFooter(into buffer: inout CellBuffer, area: Rect, state: ConsoleState) {
        buffer.fill(area, style: Style(.footer))
        if let prompt = state.prompt {
            var line: Line = [Span(prompt.label, Style(.prompt, .bold))]
            if prompt.kind.takesText { line.append(Span(prompt.text + "▏", .prompt)) }
            line.append(Span(prompt.hint, .footer))
            // A question's other keys (d on a clear), from the bindings table.
            if prompt.kind.isConfirmation {
                for hint in Bindings.footer(state) { line += [Span("  " + hint.key, Style(.footerKey, .bold)), Span(" " + hint.action, .footer)] }
            }
            buffer.put(line: line, x: area.x, y: area.y, maxWidth: area.width)
            return
        }
        if state.isEditingFilter {
            let searching: Bool
            if case .route(.taskLog) = state.currentView { searching = true } else { searching = false }
            buffer.put(line: [Span(searching ? " search: " : " / ", Style(.prompt, .bold)), Span(state.currentFilter + "▏", .prompt),
                              Span(searching ? "   ⏎ keep  esc clear  then n N" : "   ⏎ keep  esc clear", .footer)],
                       x: area.x, y: area.y, maxWidth: area.width)
            return
        }
        var line: Line = []
        if let flash = state.flash {
            line.append(Span(" " + (flash.isError ? "✗ " : "✓ ") + flash.text + " ", Style(flash.isError ? .error : .ok, .bold, background: .footer)))
        }
        if let error = state.readError {
            // What is shown first: a long reason is what the width cuts.
            line.append(Span(" ✗ showing last good data · " + error + " ", Style(.error, .bold, background: .footer)))
        }
        if !state.currentFilter.isEmpty {
            line.append(Span(" filter: ", .footer))
            line.append(Span(state.currentFilter, Style(.prompt, .bold)))
            line.append(Span("  ", .footer))
        }
        // From the bindings table: this view's own keys first, then the common ones.
        for hint in Bindings.footer(state) {
            line.append(Span(" " + hint.key, Style(.footerKey, .bold)))
            line.append(Span(" " + hint.action + " ", .footer))
        }
        buffer.put(line: line, x: area.x, y: area.y, maxWidth: area.width)
    }
}
