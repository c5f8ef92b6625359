import Foundation
import VigilCore

/// One row of the Freshness pane.
public struct FreshnessRow: Sendable, Equatable {
    public var summary: DatasetSummary
    public var state: FreshnessState
    public var lag: TimeInterval?

    public var dataset: Dataset { summary.dataset }
}

public enum FreshnessViewModel {
    /// Datasets ordered by risk: state, then tier, then how far past `error_after` they are.
    public static func rows(_ snapshot: PlatformSnapshot, filter: String) -> [FreshnessRow] {
        let now = snapshot.now
        return snapshot.datasets
            .filter { filter.isEmpty || $0.dataset.name.localizedCaseInsensitiveContains(filter)
                || ($0.dataset.producedBy?.localizedCaseInsensitiveContains(filter) ?? false) }
            .map { FreshnessRow(summary: $0, state: $0.state(now: now), lag: $0.lag(now: now)) }
            .sorted { a, b in
                if a.state.attentionRank != b.state.attentionRank { return a.state.attentionRank < b.state.attentionRank }
                if a.dataset.tier != b.dataset.tier { return a.dataset.tier < b.dataset.tier }
                let ra = (a.lag ?? .infinity) / a.dataset.policy.errorAfter
                let rb = (b.lag ?? .infinity) / b.dataset.policy.errorAfter
                if ra != rb { return ra > rb }
                return a.dataset.name < b.dataset.name
            }
    }

    public static func counts(_ snapshot: PlatformSnapshot) -> [FreshnessState: Int] {
        var counts: [FreshnessState: Int] = [:]
        for d in snapshot.datasets { counts[d.state(now: snapshot.now), default: 0] += 1 }
        return counts
    }

    /// A bar of `width` cells showing lag against the thresholds: filled up to the lag,
    /// with the warn and error marks drawn as "|" so the scale reads without colour.
    public static func lagBar(lag: TimeInterval?, policy: FreshnessPolicy, width: Int) -> Line {
        guard width >= 4 else { return [] }
        guard let lag else { return [Span(String(repeating: "·", count: width), .dim)] }
        let scale = policy.errorAfter * 1.25
        func col(_ t: TimeInterval) -> Int { min(width - 1, Int((t / scale) * Double(width))) }
        let filled = lag >= scale ? width : col(lag)
        let warnCol = col(policy.warnAfter), errorCol = col(policy.errorAfter)
        let role: StyleRole = lag >= policy.errorAfter ? .error : lag >= policy.warnAfter ? .warn : .ok
        var line: Line = []
        for i in 0..<width {
            let mark: String
            let r: StyleRole
            if i == warnCol || i == errorCol { mark = "|"; r = i < filled ? role : .dim }
            else if i < filled { mark = "■"; r = role }
            else { mark = "·"; r = .dim }
            if let last = line.last, last.style.role == r { line[line.count - 1].text += mark } else { line.append(Span(mark, r)) }
        }
        return line
    }
}
