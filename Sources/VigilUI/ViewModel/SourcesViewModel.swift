import Foundation
import VigilCore

public enum SourcesViewModel {
    /// Down first, then degraded, unknown, ok; by name within each.
    public static func rows(_ snapshot: PlatformSnapshot, filter: String) -> [SourceStatus] {
        snapshot.sources
            .filter { matches($0, filter) }
            .sorted { a, b in
                if rank(a.health) != rank(b.health) { return rank(a.health) < rank(b.health) }
                return a.name < b.name
            }
    }

    static func rank(_ health: SourceHealth) -> Int {
        switch health {
        case .down: return 0
        case .degraded: return 1
        case .unknown: return 2
        case .ok: return 3
        }
    }

    static func matches(_ s: SourceStatus, _ filter: String) -> Bool {
        guard !filter.isEmpty else { return true }
        return s.name.localizedCaseInsensitiveContains(filter) || s.kind.rawValue.localizedCaseInsensitiveContains(filter)
            || s.health.rawValue.localizedCaseInsensitiveContains(filter)
    }

    /// Sources whose data on screen is old because they cannot be read: the banner names them.
    public static func down(_ snapshot: PlatformSnapshot) -> [SourceStatus] {
        snapshot.sources.filter { $0.health == .down }.sorted { $0.name < $1.name }
    }

    /// "data 12m old" / "no data yet": how old what the console shows for a source is.
    public static func dataAgeText(_ source: SourceStatus, now: Date) -> String {
        guard let age = source.dataAge(now: now) else { return "no data yet" }
        return "data \(DurationFormat.compact(age)) old"
    }

    /// "3 failures in a row" (nil when the last poll did not fail).
    public static func failuresText(_ source: SourceStatus) -> String? {
        switch source.consecutiveFailures {
        case 0: return nil
        case 1: return "1 failure"
        case let n: return "\(n) failures in a row"
        }
    }

    /// Pass durations under a second in milliseconds; longer ones compact ("1m05s").
    public static func passText(_ seconds: Double?) -> String {
        guard let seconds else { return "—" }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        return DurationFormat.compact(seconds)
    }
}
