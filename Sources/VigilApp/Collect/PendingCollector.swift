import Foundation
import VigilCollectors
import VigilCore
import VigilConfig
import VigilStore

/// A source this build cannot read (a config it cannot use, such as a missing password variable, or a kind that
/// runs elsewhere): every pass fails with the plain reason, so the header never suggests data is being collected.
/// Tried again hourly, without backoff.
final class PendingCollector: Collector, @unchecked Sendable {
    struct Reason: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    let sourceName: String
    let kind: SourceKind
    let store: Store
    let clock: @Sendable () -> Date = { Date() }
    let pacing = Pacing(interval: 3600, maxBackoff: 3600)
    private let reason: Reason
    private let health: SourceHealth

    init(config: SourceConfig, health: SourceHealth = .unknown, reason: String, store: Store) {
        sourceName = config.name
        kind = config.kind
        self.health = health
        self.reason = Reason(description: reason)
        self.store = store
    }

    func poll(now: Date) async -> SourcePass<Never, Reason> { .failed(reason, health: health) }

    func describe(_ summary: Never) -> String {}
}
