import Foundation

/// A dataset's largest lag in each of the last 24 UTC hours, kept on its row as 24 little-endian doubles
/// (NaN: no lag known for that hour) with the hour of the last slot. The collector updates it with the
/// observation it already writes, so a snapshot reads one small value per dataset instead of 24 rows of an
/// hourly table (the v5 freshness_lag_hourly, 480,000 rows at 20,000 datasets; dropped in v10).
struct LagDay: Equatable {
    static let hours = 24
    /// Unix seconds of the UTC hour the last slot stands for.
    var lastHour: Double
    /// Oldest first; nil where nothing is known.
    var lags: [Double?]

    init(lastHour: Double, lags: [Double?] = Array(repeating: nil, count: LagDay.hours)) {
        self.lastHour = lastHour
        self.lags = lags
    }

    init?(blob: Data?, lastHour: Double?) {
        guard let blob, let lastHour, blob.count == Self.hours * 8 else { return nil }
        self.lastHour = lastHour
        lags = (0..<Self.hours).map { i in
            let bits = blob.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
            let value = Double(bitPattern: bits)
            return value.isNaN ? nil : value
        }
    }

    var blob: Data {
        var data = Data(capacity: Self.hours * 8)
        for lag in lags {
            withUnsafeBytes(of: (lag ?? .nan).bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    static func hour(of seconds: Double) -> Double { (seconds / 3_600).rounded(.down) * 3_600 }

    /// The day moved forward to end at `hour` (older slots fall off); an earlier hour leaves it as it is.
    func advanced(to hour: Double) -> LagDay {
        guard hour > lastHour else { return self }
        let by = Int((hour - lastHour) / 3_600)
        guard by < Self.hours else { return LagDay(lastHour: hour) }
        return LagDay(lastHour: hour, lags: Array(lags.dropFirst(by)) + Array(repeating: nil, count: by))
    }

    /// The 24 slots ending at `hour`, as a snapshot at that time shows them: later slots are not known yet.
    func seen(from hour: Double) -> [Double?] {
        guard hour < lastHour else { return advanced(to: hour).lags }
        let by = Int((lastHour - hour) / 3_600)
        guard by < Self.hours else { return Array(repeating: nil, count: Self.hours) }
        return Array(repeating: nil, count: by) + Array(lags.dropLast(by))
    }

    /// Raises the slot of `hour` to `lag` (the largest lag seen in that hour wins); nil lags change nothing.
    func recording(_ lag: Double?, at hour: Double) -> LagDay {
        var day = advanced(to: hour)
        let index = Self.hours - 1 - Int((day.lastHour - hour) / 3_600)
        guard let lag, (0..<Self.hours).contains(index) else { return day }
        day.lags[index] = max(day.lags[index] ?? lag, lag)
        return day
    }
}
