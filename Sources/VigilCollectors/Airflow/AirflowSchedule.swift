import Foundation

/// Seconds between scheduled runs, for `Pipeline.scheduleInterval` (which PipelineHealth uses to call a
/// pipeline late). For cron the value is the longest gap between two fire times, so a schedule that pauses at
/// night ("0 9-17 * * *") is not called late overnight; it is nil whenever it cannot be known, and then
/// lateness is simply not judged.
public enum AirflowSchedule {
    /// A cron expression or Airflow preset.
    public static func interval(cron expression: String) -> TimeInterval? {
        let text = expression.trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasPrefix("@") { return preset(text) }
        let fields = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count == 5,
              let minutes = expand(fields[0], 0...59), let hours = expand(fields[1], 0...23),
              let days = expand(fields[2], 1...31), let months = expand(fields[3], 1...12),
              let weekdays = expand(fields[4], 0...7).map({ Set($0.map { $0 % 7 }).sorted() })
        else { return nil }
        let minuteOfDay = hours.flatMap { h in minutes.map { h * 60 + $0 } }
        let day = 1_440
        if fields[3] != "*" {
            // Month-restricted: only the month gap matters at this scale.
            return Double(maxGap(months, cycle: 12)) * 31 * 86_400
        }
        if fields[2] != "*" {
            let times = days.flatMap { d in minuteOfDay.map { (d - 1) * day + $0 } }
            return Double(maxGap(times, cycle: 31 * day)) * 60
        }
        if fields[4] != "*" {
            let times = weekdays.flatMap { d in minuteOfDay.map { d * day + $0 } }
            return Double(maxGap(times, cycle: 7 * day)) * 60
        }
        return Double(maxGap(minuteOfDay, cycle: day)) * 60
    }

    /// Python's `str(timedelta)`, which v2 puts in timetable_summary for delta schedules:
    /// "0:30:00", "1 day, 0:00:00", "2 days, 6:00:00".
    public static func interval(timedelta text: String) -> TimeInterval? {
        var days = 0.0
        var clock = Substring(text.trimmingCharacters(in: .whitespaces))
        if let comma = clock.firstIndex(of: ",") {
            let head = clock[..<comma].split(separator: " ")
            guard head.count == 2, head[1].hasPrefix("day"), let d = Double(head[0]) else { return nil }
            days = d
            clock = clock[clock.index(after: comma)...].drop { $0 == " " }
        }
        let parts = clock.split(separator: ":").map { Double($0) }
        guard parts.count == 3, let h = parts[0], let m = parts[1], let s = parts[2] else { return nil }
        let total = days * 86_400 + h * 3600 + m * 60 + s
        return total > 0 ? total : nil
    }

    /// "every 1d", "every 30m", "every 1h30m": how a v1 TimeDelta schedule is shown.
    public static func text(every seconds: TimeInterval) -> String {
        // A TimeDelta of Int.max days is past Int.max seconds: Int(_:) would trap.
        guard seconds.isFinite, seconds < 1e15 else { return "every ∞" }
        var rest = Int(seconds)
        var out = ""
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return "every " + (out.isEmpty ? "0s" : out)
    }

    private static func preset(_ text: String) -> TimeInterval? {
        switch text {
        case "@hourly": return 3600
        case "@daily", "@midnight": return 86_400
        case "@weekly": return 7 * 86_400
        case "@monthly": return 31 * 86_400
        case "@quarterly": return 92 * 86_400
        case "@yearly", "@annually": return 366 * 86_400
        default: return nil  // @once, @continuous: no regular cadence
        }
    }

    /// "*", "*/n", "a", "a-b", "a-b/n", "a/n", and comma lists of those; nil for names or nonsense.
    static func expand(_ field: String, _ range: ClosedRange<Int>) -> [Int]? {
        var values = Set<Int>()
        for item in field.split(separator: ",") {
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return nil }
            var step = 1
            if parts.count == 2 {
                guard let s = Int(parts[1]), s > 0 else { return nil }
                step = s
            }
            let base = parts[0]
            var lo: Int, hi: Int
            if base == "*" {
                (lo, hi) = (range.lowerBound, range.upperBound)
            } else if let dash = base.firstIndex(of: "-") {
                guard let a = Int(base[..<dash]), let b = Int(base[base.index(after: dash)...]), a <= b else { return nil }
                (lo, hi) = (a, b)
            } else {
                guard let a = Int(base) else { return nil }
                (lo, hi) = (a, parts.count == 2 ? range.upperBound : a)
            }
            guard range.contains(lo), range.contains(hi) else { return nil }
            values.formUnion(stride(from: lo, through: hi, by: step))
        }
        return values.isEmpty ? nil : values.sorted()
    }

    /// Largest distance between consecutive values, wrapping around `cycle`.
    static func maxGap(_ values: [Int], cycle: Int) -> Int {
        let sorted = Set(values).sorted()
        guard let first = sorted.first, let last = sorted.last else { return cycle }
        var gap = first + cycle - last
        for (a, b) in zip(sorted, sorted.dropFirst()) { gap = max(gap, b - a) }
        return gap
    }
}
