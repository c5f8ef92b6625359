import Foundation
import VigilCore
import VigilStore

/// What the receiver does with one request body (already inflated and within the size limit): read and check the
/// event, then write it in one store transaction with its dedupe key, before the emitter hears back. A repeated
/// event (the emitters retry) finds its key and changes nothing. No HTTP here: `vigil serve` (VigilServer) calls it.
public final class OpenLineageIntake: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Written: the event's data and its key are in the store.
        case written(namespace: String)
        /// Received before: nothing written.
        case duplicate(namespace: String)
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// A 4xx: the event is refused and nothing is written.
        case rejected(OpenLineageRejection)
        /// The store refused the write: a 5xx, so the emitter retries later.
        case storeFailed(String)

        public var description: String {
            switch self {
            case let .rejected(r): return r.reason
            case let .storeFailed(reason): return "could not write the store: \(reason)"
            }
        }
    }

    let store: Store
    let clock: @Sendable () -> Date
    /// The `sources:` names: a namespace named like one is refused rather than mixed into that source's data.
    let configuredSources: Set<String>

    public init(store: Store, configuredSources: Set<String> = [], clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.configuredSources = configuredSources
        self.clock = clock
    }

    /// Blocks on the store's write (call it off the event loop).
    public func receive(_ body: Data) -> Result<Outcome, Failure> {
        let event: OpenLineageEvent
        do {
            event = try OpenLineageEvent.decode(body)
        } catch {
            return .failure(.rejected(error))
        }
        guard !configuredSources.contains(event.namespace) else {
            return .failure(.rejected(OpenLineageRejection(status: 422, reason:
                "namespace '\(OpenLineageEvent.short(event.namespace))' is the name of a source in vigil.yaml: set the " +
                "emitter's namespace (e.g. OPENLINEAGE_NAMESPACE) to another name")))
        }
        let data = OpenLineageMapping.sourceData(event)
        var repeated = false
        let now = clock()
        // The namespace's last event time, but never ahead of this clock: an emitter's clock running fast must not
        // keep a quiet namespace looking fresh.
        let heard = min(event.eventTime, now)
        do {
            try store.write { w in
                guard try w.claimEvent(key: event.dedupeKey, source: event.namespace, receivedAt: now) else {
                    // Rolled back, so a repeat does not even move the change token consoles watch.
                    repeated = true
                    throw Repeated()
                }
                try SourcePassWriter.write(data, source: event.namespace, kind: .openlineage, at: heard, to: w)
            }
        } catch {
            if repeated { return .success(.duplicate(namespace: event.namespace)) }
            return .failure(.storeFailed("\(error)"))
        }
        return .success(.written(namespace: event.namespace))
    }

    private struct Repeated: Error {}
}

/// A namespace that has not sent an event for longer than expected (`serve.namespaces` in vigil.yaml).
public enum OpenLineageQuiet {
    /// Why the namespace is flagged at `now`, or nil while it is on time. The text stays the same while it stays
    /// quiet, so a namespace already flagged is not written again.
    public static func problem(lastEvent: Date?, expectedEvery interval: TimeInterval, now: Date) -> String? {
        let every = DurationFormat.compact(interval)
        guard let lastEvent else { return "no OpenLineage event received yet (expected every \(every))" }
        guard now.timeIntervalSince(lastEvent) > interval else { return nil }
        return "no OpenLineage event within the expected \(every)"
    }

    /// Flags each quiet namespace not flagged yet (degraded, with the reason; its next event makes it ok again, see
    /// `StoreWriter.recordPushedEvent`). Returns the namespaces it flagged.
    public static func sweep(store: Store, expected: [String: TimeInterval], now: Date) throws -> [String] {
        guard !expected.isEmpty else { return [] }
        let stored = Dictionary(try store.snapshot(now: now).sources.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var flagged: [String] = []
        let due = expected.filter { namespace, interval in
            let reason = problem(lastEvent: stored[namespace]?.lastSuccessAt, expectedEvery: interval, now: now)
            return reason != nil && stored[namespace]?.lastError != reason
        }
        guard !due.isEmpty else { return [] }
        try store.write { w in
            for (namespace, interval) in due.sorted(by: { $0.key < $1.key }) {
                guard let reason = problem(lastEvent: stored[namespace]?.lastSuccessAt, expectedEvery: interval, now: now)
                else { continue }
                flagged.append(namespace)
                try w.upsertSource(SourceStatus(name: namespace, kind: .openlineage, health: .degraded,
                                                lastAttemptAt: stored[namespace]?.lastAttemptAt, lastError: reason))
            }
        }
        return flagged
    }
}
