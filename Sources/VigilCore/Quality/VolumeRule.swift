import Foundation

/// `volume:` on a dataset: how far its row count may move away from its own recent history.
public struct VolumePolicy: Codable, Sendable, Equatable {
    /// A count below the baseline by more than this share fails (0.5: more than half the rows gone).
    public var maxDrop: Double
    /// A count above the baseline by more than this share warns (3.0: more than four times the rows).
    public var maxGrowth: Double
    /// Tables the warehouse estimates at fewer rows than this are counted exactly (count(*)); larger ones are
    /// judged on the estimate.
    public var exactCountBelow: Int

    public init(maxDrop: Double = 0.5, maxGrowth: Double = 3.0, exactCountBelow: Int = 10_000_000) {
        self.maxDrop = maxDrop
        self.maxGrowth = maxGrowth
        self.exactCountBelow = exactCountBelow
    }

    public static let `default` = VolumePolicy()
}

/// A dataset's row count as measured: exact, or the warehouse's estimate.
public struct RowCount: Sendable, Equatable {
    public var rows: Int
    public var estimated: Bool

    public init(rows: Int, estimated: Bool) {
        self.rows = rows
        self.estimated = estimated
    }
}

/// Judges a dataset's row count against its own recent history. Pure: the history and the time come in.
///
/// The baseline is the median of the counts kept over the last 7 days (the median, so one bad load in the history
/// does not move it). A count that fell by more than `maxDrop` below it fails: rows went missing. One that rose by
/// more than `maxGrowth` warns: usually a backfill or a load run twice, worth a look, but nothing is missing. With
/// fewer than `minimumHistory` earlier counts there is no baseline yet, and the check passes saying so. A baseline
/// of zero rows is never exceeded by a share: an empty table that fills passes, one that stays empty passes.
public enum VolumeRule {
    public static let window: TimeInterval = 7 * 86_400
    public static let minimumHistory = 3
    /// Counts are kept at most this often per dataset: every pass is judged, but the baseline is one count an hour
    /// (168 a week), whatever the poll interval.
    public static let sampleSpacing: TimeInterval = 3_600
    public static let checkName = "volume"

    /// Whether the count observed at `at` joins the history: the first one, then one per `sampleSpacing`, give or
    /// take a millisecond (times come back from the store as floating-point seconds since 1970, a few hundred
    /// nanoseconds off).
    public static func keeps(at: Date, lastKept: Date?) -> Bool {
        guard let lastKept else { return true }
        return at.timeIntervalSince(lastKept) >= sampleSpacing - 0.001
    }

    /// The volume check of `dataset` for `count` observed at `at`. `history` may hold anything: only counts from the
    /// 7 days before `at` (not at `at` itself) make the baseline.
    public static func check(dataset: String, count: RowCount, history: [(at: Date, rows: Int)], policy: VolumePolicy,
                             at: Date, source: String) -> DataCheck {
        func result(_ state: CheckState, _ message: String) -> DataCheck {
            DataCheck(dataset: dataset, name: checkName, kind: .volume, state: state,
                      message: count.estimated ? message + " (estimated)" : message, at: at, source: source)
        }
        let earlier = history.filter { $0.at < at && $0.at >= at.addingTimeInterval(-window) }.map(\.rows)
        let rows = count.rows
        guard earlier.count >= minimumHistory,
              let median = PipelineStats.percentile(earlier.map(Double.init), 0.5).map({ Int($0) }) else {
            return result(.pass, "\(rowsText(rows)); no baseline yet (\(earlier.count) of \(minimumHistory) "
                          + "hourly counts from the last 7 days)")
        }
        let change = "(\(grouped(median)) → \(grouped(rows))) against the 7-day median"
        guard median > 0 else { return result(.pass, "\(rowsText(rows)), 7-day median 0") }
        let share = Double(rows - median) / Double(median)
        if -share > policy.maxDrop {
            return result(.fail, "rows dropped \(percent(-share, limit: policy.maxDrop)) \(change)")
        }
        if share > policy.maxGrowth {
            return result(.warn, "rows grew \(percent(share, limit: policy.maxGrowth)) \(change)")
        }
        return result(.pass, "\(rowsText(rows)), 7-day median \(grouped(median))")
    }

    /// "1 row", "12,400 rows".
    static func rowsText(_ n: Int) -> String { n == 1 ? "1 row" : "\(grouped(n)) rows" }

    /// "92%"; with one decimal when the whole number would not show it is past `limit` ("50.4%" past 50%).
    static func percent(_ share: Double, limit: Double) -> String {
        let whole = (share * 100).rounded()
        if whole > (limit * 100).rounded() { return "\(Int(whole))%" }
        return String(format: "%.1f%%", share * 100)
    }

    /// 12400 → "12,400".
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }
}
