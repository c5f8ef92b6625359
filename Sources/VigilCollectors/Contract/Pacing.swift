import Foundation

/// Failures in a row and the delay before the next pass, the same rule for every kind: the interval while all is
/// well, then doubling per consecutive failure up to `maxBackoff` (a kind with `maxBackoff == interval` keeps its
/// interval). Updated only by `Collector.collect()`.
public final class Pacing: @unchecked Sendable {
    public let interval: TimeInterval
    public let maxBackoff: TimeInterval
    /// Guards `failures`.
    private let lock = NSLock()
    private var failures = 0

    public init(interval: TimeInterval, maxBackoff: TimeInterval) {
        self.interval = interval
        self.maxBackoff = maxBackoff
    }

    public var consecutiveFailures: Int { lock.withLock { failures } }

    /// Whether failures lengthen the delay at all.
    public var backsOff: Bool { maxBackoff > interval }

    public var nextDelay: TimeInterval { Self.delay(interval: interval, maxBackoff: maxBackoff, failures: consecutiveFailures) }

    public static func delay(interval: TimeInterval, maxBackoff: TimeInterval, failures: Int) -> TimeInterval {
        guard failures > 0 else { return interval }
        let factor = pow(2, Double(min(failures, 20)))
        return min(maxBackoff, max(interval, interval * factor))
    }

    func failed() { lock.withLock { failures += 1 } }
    func succeeded() { lock.withLock { failures = 0 } }
}
