import Foundation
import VigilCore

/// The warehouse part of a source's detail: what needs a DBA's eye first (blocked, long-running and
/// idle-in-transaction sessions), then how each configured dataset was measured, then the costliest statements.
/// Read-only text, cut to the room there is.
enum WarehouseSections {
    static func draw(_ activity: WarehouseActivity, into buffer: inout CellBuffer, x: Int, y: Int, width: Int, maxY: Int, now: Date) -> Int {
        var y = y
        func title(_ text: String, _ detail: String) {
            guard y < maxY else { return }
            buffer.put(line: [Span(" " + text, Style(.title, .bold)), Span("  " + detail, .dim)], x: x, y: y, maxWidth: width)
            y += 1
        }
        func row(_ line: Line) {
            guard y < maxY else { return }
            buffer.put(line: line, x: x, y: y, maxWidth: width)
            y += 1
        }
        var about = [activity.database, activity.role.map { "as " + $0 }, activity.serverVersion.map { "PostgreSQL " + $0 }]
            .compactMap { $0 }.joined(separator: " ")
        about += "  read " + TimeText.age(activity.observedAt, now: now)
        title("Sessions", about + (activity.seesAllSessions ? "" : "  (own sessions only: no pg_monitor)"))
        if activity.sessions.isEmpty { row([Span("   none blocked, long-running or idle in a transaction", .dim)]) }
        for s in activity.sessions.prefix(8) {
            let (word, role) = label(s.kind)
            let age = s.kind == .idleInTransaction ? s.transactionAgeSeconds : s.queryAgeSeconds
            var line: Line = [Span("   " + pad(word, 12), Style(role, .bold)), Span(pad("pid \(s.pid)", 10), .dim),
                              Span(pad(age.map(DurationFormat.compact) ?? "—", 7), role)]
            if !s.blockedBy.isEmpty { line.append(Span("by " + s.blockedBy.map(String.init).joined(separator: ",") + "  ", .warn)) }
            line.append(Span.untrusted(s.user ?? "?", Style(.dim)))
            line.append(Span("  "))
            line.append(Span.untrusted(s.query))
            row(line)
        }
        y += 1
        if !activity.datasetChecks.isEmpty {
            title("Datasets", "max(loaded_at) per configured dataset")
            for c in activity.datasetChecks.prefix(8) {
                var line: Line = [Span("   "), Span.untrusted(pad(c.dataset, 32)), Span.untrusted(pad(c.loadedAtColumn, 14), Style(.dim))]
                if let p = c.problem {
                    line.append(Span.untrusted("✗ " + p.message, Style(.warn)))
                } else {
                    line.append(Span(c.loadedAt.map { "loaded " + TimeText.age($0, now: now) } ?? "empty (never loaded)",
                                     c.loadedAt == nil ? .warn : .base))
                }
                row(line)
            }
            y += 1
        }
        if let statements = activity.statements {
            title("Top statements", "by total time (pg_stat_statements)")
            for st in statements.prefix(5) {
                row([Span("   " + pad(String(format: "%.0f ms", st.totalMilliseconds), 12), .warn),
                     Span(pad("\(st.calls) calls", 12), .dim), Span(pad(String(format: "%.1f ms avg", st.meanMilliseconds), 14), .dim),
                     Span.untrusted(st.query)])
            }
        } else {
            title("Top statements", "pg_stat_statements is not readable here (see note)")
        }
        return y
    }

    static func label(_ kind: WarehouseSession.Kind) -> (String, StyleRole) {
        switch kind {
        case .blocked: return ("BLOCKED", .error)
        case .blocking: return ("BLOCKING", .warn)
        case .longRunning: return ("LONG QUERY", .warn)
        case .idleInTransaction: return ("IDLE IN TX", .warn)
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let w = DisplayWidth.of(text)
        return w >= width ? text + " " : text + String(repeating: " ", count: width - w)
    }
}
