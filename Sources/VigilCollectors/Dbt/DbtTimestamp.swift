import Foundation

/// Parses the ISO 8601 timestamps dbt writes: "2026-11-26T21:24:29.617487Z" (timings, metadata) and
/// "2026-11-26T18:22:49.663281+00:00" (sources.json). Hand-rolled because Foundation's ISO 8601 parsers
/// disagree across platforms on microsecond fractions; a time without a zone is taken as UTC, as dbt means it.
enum DbtTimestamp {
    static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func take(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), take("-"), let month = digits(2), take("-"), let day = digits(2),
              take("T") || take(" "),
              let hour = digits(2), take(":"), let minute = digits(2), take(":"), let second = digits(2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        if take(".") {
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        var offset = 0
        if take("Z") || take("z") {
            // UTC
        } else if i < b.count, b[i] == 43 || b[i] == 45 {  // '+' or '-'
            let sign = b[i] == 45 ? -1 : 1
            i += 1
            guard let hh = digits(2) else { return nil }
            _ = take(":")
            let mm = digits(2) ?? 0
            offset = sign * (hh * 3600 + mm * 60)
        }
        guard i == b.count else { return nil }
        let seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
