import Foundation
import VigilCore
import VigilConfig
import VigilStore

/// A source whose kind this build cannot read yet: it is shown as unknown with a plain reason,
/// so the header never suggests data is being collected when it is not.
final class PendingSourceCollector: SourceCollector {
    let name: String
    let interval: TimeInterval = 3600
    private let kind: SourceKind
    private let reason: String
    private let store: Store

    init(config: SourceConfig, reason: String, store: Store) {
        name = config.name
        kind = config.kind
        self.reason = reason
        self.store = store
    }

    func poll() -> String {
        do {
            try store.write { w in
                try w.upsertSource(SourceStatus(name: name, kind: kind, health: .unknown, lastAttemptAt: Date(), lastError: reason))
            }
        } catch {
            return "\(name): could not write the store: \(error)"
        }
        return "\(name): \(reason)"
    }
}
