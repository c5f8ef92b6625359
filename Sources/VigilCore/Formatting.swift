import Foundation

/// Compact human durations as on-call engineers read them: "42s", "7m", "2h10m", "3d4h".
public enum DurationFormat {
    public static func compact(_ seconds: TimeInterval) -> String {
        // Int(_:) traps past Int.max: no duration worth showing is anywhere near (a million years is 3e13 s).
        guard seconds.isFinite, seconds < 1e15 else { return seconds.isNaN ? "?" : seconds > 0 ? "∞" : "0s" }
        let s = Int(max(0, seconds.rounded(.down)))
        if s < 60 { return "\(s)s" }
        let m = s / 60
        if m < 60 { return "\(m)m" }
        let h = m / 60, mm = m % 60
        if h < 24 { return mm == 0 ? "\(h)h" : "\(h)h\(mm)m" }
        let d = h / 24, hh = h % 24
        return hh == 0 ? "\(d)d" : "\(d)d\(hh)h"
    }

    /// Parses "90s", "15m", "2h", "1d", "1h30m"; nil for anything else.
    public static func parse(_ text: String) -> TimeInterval? {
        var total: TimeInterval = 0
        var digits = ""
        var sawUnit = false
        for ch in text.trimmingCharacters(in: .whitespaces) {
            if ch.isNumber { digits.append(ch); continue }
            guard let n = Double(digits) else { return nil }
            switch ch {
            case "s": total += n
            case "m": total += n * 60
            case "h": total += n * 3600
            case "d": total += n * 86400
            default: return nil
            }
            digits = ""
            sawUnit = true
        }
        guard digits.isEmpty, sawUnit else { return nil }
        return total
    }
}
