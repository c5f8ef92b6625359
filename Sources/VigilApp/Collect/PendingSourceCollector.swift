import Foundation
import VigilCore
import VigilConfig
import VigilStore

/// A source this build cannot read (a kind not built yet, or a config it cannot use, such as a missing
/// password variable): it is shown with a plain reason, so the header never suggests data is being collected.
final class PendingSourceCollector: SourceCollector {
    let name: String
    let interval: TimeInterval = 3600
    private let kind: SourceKind
    private let reason: String
    private let health: SourceHealth
    private let store: Store

    init(config: SourceConfig, health: SourceHealth = .unknown, reason: String, store: Store) {
        name = config.name
        kind = config.kind
        self.health = health
        self.reason = reason
        self.store = store
    }

    func poll() -> String {
        do {
            try store.write { w in
                try w.upsertSource(SourceStatus(name: name, kind: kind, health: health, lastAttemptAt: Date(), lastError: reason))
            }
        } catch {
            return "\(name): could not write the store: \(error)"
        }
        return "\(name): \(reason)"
    }
}
