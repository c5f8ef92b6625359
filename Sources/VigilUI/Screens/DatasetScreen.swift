import Foundation
import VigilCore

/// Drill-down from Freshness: one dataset's thresholds, 24h lag history, producer and lineage.
struct DatasetScreen {
    let state: ConsoleState
    let name: String

    func draw(into buffer: inout CellBuffer, area: Rect) {
        let snapshot = state.snapshot
        let now = snapshot.now
        guard let summary = snapshot.datasets.first(where: { $0.dataset.name == name }) else {
            buffer.put("Dataset \(TextSanitizer.singleLine(name)) is no longer in the store.", x: area.x + 2, y: area.y + 1, style: Style(.dim))
            return
        }
        let d = summary.dataset
        let state = summary.state(now: now)
        let mark = StatusGlyphs.of(state)
        var y = area.y
        buffer.put(line: [Span(" Dataset ", Style(.title, .bold)), Span.untrusted(d.name, Style(.title, .bold)),
                          Span("  \(mark.glyph) \(mark.word)", Style(mark.role, .bold))], x: area.x, y: y, maxWidth: area.width)
        y += 2
        let lag = summary.lag(now: now)
        buffer.put(line: Facts.line([
            ("tier", Span("T\(d.tier)", StatusGlyphs.role(ofTier: d.tier))),
            ("lag", Span(lag.map(DurationFormat.compact) ?? "never loaded", mark.role)),
            ("warn after", Span(DurationFormat.compact(d.policy.warnAfter))),
            ("error after", Span(DurationFormat.compact(d.policy.errorAfter))),
            ("last loaded", Span(TimeText.stamp(summary.lastLoadedAt) + " UTC")),
            ("checked", Span(TimeText.age(summary.lastObservedAt, now: now))),
        ]), x: area.x, y: y, maxWidth: area.width)
        y += 1
        var owner: [(String, Span)] = [("source", Span.untrusted(d.source))]
        if let p = d.producedBy {
            owner.append(("produced by", Span.untrusted(p + (d.producerTask.map { " · " + $0 } ?? ""), Style(.title))))
        }
        if let o = d.owner { owner.append(("owner", Span.untrusted(o))) }
        if let p = snapshot.pipelines.first(where: { $0.pipeline.pipelineID == d.producedBy }) {
            let h = StatusGlyphs.of(p.health(now: now))
            owner.append(("producer health", Span("\(h.glyph) \(h.word)", Style(h.role, .bold))))
        }
        buffer.put(line: Facts.line(owner), x: area.x, y: y, maxWidth: area.width)
        y += 1
        if let identity = d.identity {
            var facts: [(String, Span)] = [("identity", Span.untrusted(identity.description, Style(.dim)))]
            if !d.aliases.isEmpty { facts.append(("aliases", Span.untrusted(d.aliases.joined(separator: ", "), Style(.dim)))) }
            buffer.put(line: Facts.line(facts), x: area.x, y: y, maxWidth: area.width)
            y += 1
        }
        y += 1
        y = drawQuality(summary, into: &buffer, x: area.x, y: y, width: area.width, now: now)
        if let slo = summary.slo { y = SLOLines.draw(slo, into: &buffer, x: area.x, y: y, width: area.width, now: now) + 1 }
        let why = state == .fresh && (summary.slo?.alert ?? BurnAlert.none) == BurnAlert.none
            ? nil : RootCause.whyStale(d.name, in: snapshot)
        if let why {
            y = drawWhy(why, into: &buffer, x: area.x, y: y, width: area.width, now: now)
            if let (change, what) = ChangeContext.beforeStale(summary, why: why, in: snapshot) {
                buffer.put(line: [Span(" Changed before ", Style(.title, .bold)), Span.untrusted(change.phrase(before: what), Style(.warn)),
                                  Span.untrusted("  \(change.change.kind.label) on \(change.touched.name)", Style(.dim))],
                           x: area.x, y: y, maxWidth: area.width)
                y += 1
            }
            y += 1
        }
        y = drawHistory(summary, into: &buffer, x: area.x, y: y, width: area.width, now: now)
        y += 1
        drawLineage(into: &buffer, area: Rect(x: area.x, y: y, width: area.width, height: area.maxY - y), now: now, why: why)
    }

    /// Data correctness, apart from freshness: the quality state with pass rates, the checks not passing (with
    /// their messages), and the latest schema change. Nothing for a dataset without checks or events.
    private func drawQuality(_ summary: DatasetSummary, into buffer: inout CellBuffer, x: Int, y: Int, width: Int, now: Date) -> Int {
        var events: [DatasetEvent] = []
        if case .dataset(_, let loaded)? = state.drill[.dataset(name: name)] { events = loaded }
        guard let quality = summary.quality, let state = quality.state else { return y }
        var y = y
        let mark = StatusGlyphs.of(state)
        func rate(_ r: Double?) -> String { r.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
        buffer.put(line: [Span(" Quality ", Style(.title, .bold)), Span("\(mark.glyph) \(mark.word)", Style(mark.role, .bold)),
                          Span("  \(quality.checks.count) check\(quality.checks.count == 1 ? "" : "s")", .dim),
                          Span("  passed 24h ", .dim), Span(rate(quality.passRate24h)), Span("  7d ", .dim), Span(rate(quality.passRate7d))],
                   x: x, y: y, maxWidth: width)
        y += 1
        let shown = quality.checks.filter { $0.state != .pass }
        for check in shown.prefix(4) {
            let m = StatusGlyphs.of(check.state)
            var line: Line = [Span("   \(m.glyph) \(m.word) ", Style(m.role, .bold)), Span.untrusted(check.name),
                              Span("  \(check.kind.rawValue)", .dim)]
            if let failures = check.failures, failures > 0 { line.append(Span("  \(failures) failing", m.role)) }
            line.append(Span("  " + TimeText.age(check.at, now: now), .dim))
            if let message = check.message.map(ErrorSummary.headline), !message.isEmpty {
                line.append(Span("  " + message, Style(.dim)))
            }
            buffer.put(line: line, x: x, y: y, maxWidth: width)
            y += 1
        }
        if shown.count > 4 { buffer.put("   … \(shown.count - 4) more", x: x, y: y, style: Style(.dim)); y += 1 }
        if let change = events.first(where: { $0.kind == .schemaChange }) {
            buffer.put(line: [Span("   schema changed ", Style(.warn, .bold)), Span(TimeText.age(change.at, now: now), .dim),
                              Span(": "), Span.untrusted(change.text)], x: x, y: y, maxWidth: width)
            y += 1
        }
        return y + 1
    }

    /// "Why stale?": the cause (highlighted) and the chain down to this dataset, wrapped to the width.
    private func drawWhy(_ why: WhyStale, into buffer: inout CellBuffer, x: Int, y: Int, width: Int, now: Date) -> Int {
        let label = " Why stale? "
        let text = TextSanitizer.singleLine(why.sentence(now: now))
        let lines = TextWrap.lines(text, width: max(20, width - DisplayWidth.of(label) - 1), maxLines: 3)
        var y = y
        for (i, part) in lines.enumerated() {
            var line: Line = [Span(i == 0 ? label : String(repeating: " ", count: DisplayWidth.of(label)), Style(.title, .bold))]
            if i == 0, let cause = why.cause {
                let phrase = TextSanitizer.singleLine(cause.phrase(now: now))
                if part.hasPrefix(phrase) {
                    line.append(Span(phrase, Style(.error, .bold)))
                    line.append(Span(String(part.dropFirst(phrase.count))))
                } else {
                    line.append(Span(part, Style(.error, .bold)))
                }
            } else {
                line.append(Span(part, why.cause == nil ? .dim : .base))
            }
            buffer.put(line: line, x: x, y: y, maxWidth: width)
            y += 1
        }
        return y
    }

    /// Lag over the last 24 h in hourly buckets (max lag seen in each hour).
    private func drawHistory(_ summary: DatasetSummary, into buffer: inout CellBuffer, x: Int, y: Int, width: Int, now: Date) -> Int {
        guard case .dataset(let history, _)? = state.drill[.dataset(name: name)] else { return y }
        let buckets = 48
        let span: TimeInterval = 86_400
        var values = [Double?](repeating: nil, count: buckets)
        for s in history {
            let age = now.timeIntervalSince(s.observedAt)
            guard age >= 0, age < span, let lag = s.lag else { continue }
            let i = buckets - 1 - Int(age / (span / Double(buckets)))
            values[i] = max(values[i] ?? 0, lag)
        }
        let ceiling = summary.dataset.policy.errorAfter * 1.25
        let spark = Sparkline.text(values, ceiling: ceiling)
        buffer.put(" Lag, last 24 h (30 min buckets; full height = 1.25 × error_after)", x: x, y: y, style: Style(.title, .bold), maxWidth: width)
        var line: Line = [Span(" ")]
        for (ch, v) in zip(spark, values) {
            let role: StyleRole = v.map { $0 >= summary.dataset.policy.errorAfter ? .error : $0 >= summary.dataset.policy.warnAfter ? .warn : .ok } ?? .dim
            line.append(Span(String(ch), role))
        }
        line.append(Span("  now", .dim))
        buffer.put(line: line, x: x, y: y + 1, maxWidth: width)
        buffer.put(" -24h" + String(repeating: " ", count: max(0, buckets - 8)) + "-0h", x: x, y: y + 2, style: Style(.dim), maxWidth: width)
        return y + 3
    }

    private func drawLineage(into buffer: inout CellBuffer, area: Rect, now: Date, why: WhyStale?) {
        guard area.height >= 2 else { return }
        let snapshot = state.snapshot
        let graph = snapshot.graph
        let node = LineageNode.dataset(name)
        let upstream = graph.upstream(of: node)
        let half = area.width / 2
        let causeNode = why?.cause.map { LineageNode($0.pipeline) }
        column("Upstream (nearest first)", upstream, into: &buffer, area: Rect(x: area.x, y: area.y, width: half, height: area.height),
               now: now, highlight: causeNode)
        let radius = BlastRadius.of(node, in: snapshot)
        let tree = ImpactTree.lines(from: node, graph: graph)
        column("Downstream impact (\(radius.datasets.count) datasets, tier-1 at risk: \(radius.tier1Count))", tree.map(\.node),
               indents: tree.map(\.prefix), into: &buffer,
               area: Rect(x: area.x + half, y: area.y, width: area.width - half, height: area.height), now: now, highlight: nil)
    }

    /// A lineage node with its state: datasets by freshness and tier, pipelines (⚙) by health.
    private func nodeLine(_ node: LineageNode, now: Date) -> Line {
        let snapshot = state.snapshot
        if let id = node.pipelineReference {
            let summary = snapshot.pipelines.first { $0.pipeline.id == id }
            let mark = summary.map { StatusGlyphs.of($0.health(now: now)) } ?? StatusMark("?", "", .unknown)
            return [Span("   \(mark.glyph) ", mark.role), Span("⚙ ", .dim), Span.untrusted(summary?.pipeline.pipelineID ?? id),
                    Span(" " + mark.word.lowercased(), Style(mark.role))]
        }
        let name = node.name
        let summary = snapshot.datasets.first { $0.dataset.name == name }
        let mark = summary.map { StatusGlyphs.of($0.state(now: now)) } ?? StatusMark("?", "", .unknown)
        return [Span("   \(mark.glyph) ", mark.role), Span(summary.map { "T\($0.dataset.tier) " } ?? "", StatusGlyphs.role(ofTier: summary?.dataset.tier)),
                Span.untrusted(name)]
    }

    private func column(_ title: String, _ nodes: [LineageNode], indents: [String]? = nil, into buffer: inout CellBuffer, area: Rect,
                        now: Date, highlight: LineageNode?) {
        buffer.put(" " + title, x: area.x, y: area.y, style: Style(.title, .bold), maxWidth: area.width)
        if nodes.isEmpty { buffer.put("   none", x: area.x, y: area.y + 1, style: Style(.dim)) }
        // When they do not all fit, the last row says how many are left out instead.
        let room = nodes.count > area.height - 1 ? max(0, area.height - 2) : area.height - 1
        for (i, n) in nodes.prefix(room).enumerated() {
            var line = nodeLine(n, now: now)
            if let indents, !line.isEmpty {
                // The tree's branches first, then the node's state glyph.
                line[0].text = line[0].text.trimmingCharacters(in: .whitespaces) + " "
                line.insert(Span("  " + indents[i], .dim), at: 0)
            }
            if n == highlight { line.append(Span("  ◀ cause", Style(.error, .bold))) }
            buffer.put(line: line, x: area.x, y: area.y + 1 + i, maxWidth: area.width - 1)
        }
        if nodes.count > room, area.height > 1 {
            buffer.put("   … \(nodes.count - room) more", x: area.x, y: area.maxY - 1, style: Style(.dim), maxWidth: area.width)
        }
    }
}
