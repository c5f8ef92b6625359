import Foundation

/// Fast, locale-free UTC formatting: run ids and timeline text are built on every tick,
/// and DateFormatter is both slow and locale-dependent.
enum UTCText {
    /// "2026-01-15T09:00:00+00:00", the form Airflow uses in run ids.
    static func iso(_ date: Date) -> String {
        let (y, mo, d, h, mi, s) = components(date)
        return "\(pad(y, 4))-\(pad(mo))-\(pad(d))T\(pad(h)):\(pad(mi)):\(pad(s))+00:00"
    }

    /// "09:05 UTC", for human text on timelines.
    static func clock(_ date: Date) -> String {
        let (_, _, _, h, mi, _) = components(date)
        return "\(pad(h)):\(pad(mi)) UTC"
    }

    static func components(_ date: Date) -> (Int, Int, Int, Int, Int, Int) {
        let secs = Int(date.timeIntervalSince1970.rounded(.down))
        let days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400
        let rem = secs - days * 86400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
    }

    private static func pad(_ n: Int, _ width: Int = 2) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
