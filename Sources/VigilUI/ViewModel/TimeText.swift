import Foundation
import VigilCore

/// Times as the console prints them. UTC with an explicit label, so a shared screen and
/// snapshots read the same everywhere.
public enum TimeText {
    public static func age(_ date: Date?, now: Date) -> String {
        guard let date else { return "—" }
        let seconds = now.timeIntervalSince(date)
        if seconds < 0 { return "in " + DurationFormat.compact(-seconds) }
        return DurationFormat.compact(seconds) + " ago"
    }

    public static func duration(_ seconds: TimeInterval?) -> String {
        guard let seconds else { return "—" }
        return DurationFormat.compact(seconds)
    }

    /// "09:14 UTC"
    public static func clock(_ date: Date) -> String {
        let c = utcCalendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d UTC", c.hour ?? 0, c.minute ?? 0)
    }

    /// "01-15 09:14" (UTC)
    public static func stamp(_ date: Date?) -> String {
        guard let date else { return "—" }
        let c = utcCalendar.dateComponents([.month, .day, .hour, .minute], from: date)
        return String(format: "%02d-%02d %02d:%02d", c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// "+12m" relative to an origin (timelines are read relative to detection).
    public static func relative(_ date: Date, to origin: Date) -> String {
        let d = date.timeIntervalSince(origin)
        return (d < 0 ? "-" : "+") + DurationFormat.compact(abs(d))
    }

    private static let utcCalendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()
}
