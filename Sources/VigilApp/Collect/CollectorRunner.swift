import Foundation
import VigilCore
import VigilCollectors
import VigilConfig
import VigilStore

/// Runs the collectors a configuration names, one `Collector` per source whatever its kind, writing into one store:
/// each pass is `Collector.collect()` (read, write through `SourcePassWriter`, count failures), logged as one line,
/// and the next comes after the collector's `nextDelay` (its interval, backing off while it fails).
/// Collectors never touch the UI; consoles see their writes through the store's change token.
/// Not shared between threads: it is handed whole to the one thread that runs it (hence unchecked).
public final class CollectorRunner: @unchecked Sendable {
    public let collectors: [any Collector]
    private let configuration: VigilConfiguration
    private let store: Store
    private let log: (String) -> Void
    private var due: [String: Date] = [:]
    private let detector: IncidentDetector
    /// One detection at a time: the collectors' thread and `vigil serve`'s pushed-events thread both run it, and two
    /// at once could both open the same incident.
    private let detecting = NSLock()
    private let runbooksDirectory: String
    private var syncedRunbooks: [Runbook]?
    /// This process as the holder of the source leases it takes (host, pid and a nonce): on a shared store each source
    /// is collected by one process at a time, and another takes it over once this one stops renewing.
    public let holder = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(6).lowercased())"
    /// Whether this process held each source's lease at its last claim (to log only the changes).
    private var held: [String: Bool] = [:]
    /// Why the last claim could not be written (the store unreachable), per source: said once, not every second.
    private var claimFailure: [String: String] = [:]
    /// Delivers the outbox to `notify:` targets, on a thread of its own while `run` runs (a slow source's pass
    /// never holds up a page), and once at the end of `runOnce`.
    public let notifier: Notifier?

    public init(configuration: VigilConfiguration, store: Store, log: @escaping (String) -> Void) {
        self.configuration = configuration
        self.store = store
        // Lines name datasets, pipelines and incident titles from the sources: one clean line each, wherever they go.
        self.log = { log(TextSanitizer.singleLine($0)) }
        detector = IncidentDetector(store: store, notify: configuration.notify, runbookFor: IncidentDetector.matchingRunbook)
        notifier = configuration.notify.flatMap { $0.targets.isEmpty ? nil : Notifier(config: $0, store: store, log: log) }
        runbooksDirectory = RunbookFolder.path(explicit: nil, configured: configuration.runbooks)
        collectors = configuration.sources.map { Self.collector(for: $0, configuration: configuration, store: store) }
            + configuration.changes.map { GitCollector(store: store, config: $0) }
    }

    static func collector(for source: SourceConfig, configuration: VigilConfiguration, store: Store) -> any Collector {
        switch source.kind {
        case .dbt:
            guard let dir = source.targetDir else {
                return PendingCollector(config: source, reason: "no target_dir configured", store: store)
            }
            // The warehouse's DSN is read here, for its host, port and database only (the datasets' identities).
            let warehouse = configuration.warehouse(of: source).flatMap { PostgresLocation.of(config: $0) }
            return DbtCollector(store: store, sourceName: source.name, targetDir: dir, warehouse: warehouse,
                                interval: source.interval)
        case .airflow:
            do {
                return try AirflowCollector(store: store, config: source)
            } catch {
                // E.g. the password variable is not set: say so on the source, never with the value.
                return PendingCollector(config: source, health: .down, reason: "\(error)", store: store)
            }
        case .dagster:
            do {
                return try DagsterCollector(store: store, config: source)
            } catch {
                // E.g. the token variable is not set: say so on the source, never with the value.
                return PendingCollector(config: source, health: .down, reason: "\(error)", store: store)
            }
        case .postgres:
            do {
                let datasets = configuration.datasets(measuredBy: source.name)
                return try PostgresCollector(store: store, config: source, datasets: datasets)
            } catch {
                // E.g. the DSN variable is not set: say so on the source, never with the value.
                return PendingCollector(config: source, health: .down, reason: "\(error)", store: store)
            }
        case .prefect:
            do {
                return try PrefectCollector(store: store, config: source)
            } catch {
                // E.g. the API key variable is not set: say so on the source, never with the value.
                return PendingCollector(config: source, health: .down, reason: "\(error)", store: store)
            }
        case .demo:
            return PendingCollector(config: source, reason: "demo sources run with `vigil demo`, not `vigil collect`", store: store)
        case .openlineage:
            // The config refuses this kind under sources:; events come to `vigil serve`.
            return PendingCollector(config: source, reason: "OpenLineage events are posted to `vigil serve`", store: store)
        case .git:
            // The config refuses this kind under sources:; repositories are listed under changes:.
            return PendingCollector(config: source, reason: "git repositories are listed under changes:", store: store)
        }
    }

    /// Writes what the config itself declares: datasets with tier and thresholds, and producer lineage.
    /// Run after every poll too: what the config says about a dataset wins over what a collector guessed
    /// (e.g. dbt's default tier 3).
    public func declareDatasets() throws {
        try store.write { try declareDatasets($0) }
    }

    private func declareDatasets(_ w: StoreWriter) throws {
        // A dataset nobody measures is shown as declared by the config itself.
        for d in configuration.datasets {
            try w.upsertDataset(d.dataset(defaultSource: configuration.measuringSource(of: d) ?? "config"))
        }
        let edges = configuration.datasets.compactMap { d in
            d.producedBy.map { LineageEdge(upstream: $0.lineageNode, downstream: LineageNode.dataset(d.name)) }
        }
        try w.replaceLineage(source: "config", edges: edges)
    }

    /// Loads the runbooks folder into the store when what it holds changed (new, edited or removed-then-fixed
    /// files); a broken file is logged with its line and left out, the others still load.
    public func syncRunbooks() {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: runbooksDirectory, isDirectory: &isDirectory), isDirectory.boolValue else { return }
        let library = RunbookFolder.load(runbooksDirectory)
        guard library.runbooks != syncedRunbooks else { return }
        for problem in library.problems { log("runbooks: \(problem)") }
        do {
            try store.write { w in for runbook in library.runbooks { try w.upsertRunbook(runbook) } }
            syncedRunbooks = library.runbooks
            log("runbooks: \(library.runbooks.count) loaded from \(runbooksDirectory)")
        } catch {
            log("runbooks: could not write the store: \(error)")
        }
    }

    /// Polls every collector once (those another process collects are skipped, and said so), then gives the leases up.
    public func runOnce() {
        for c in collectors where claim(c) { poll(c) }
        releaseLeases()
        notifier?.deliverDue()
    }

    /// A lease lasts one and a half times the collector's delay before its next pass, renewed at every pass: when this
    /// process stops or loses the store, another takes the source over within two delays.
    static func leaseSeconds(_ collector: any Collector) -> TimeInterval { max(3, collector.nextDelay * 1.5) }

    /// Takes or renews the source's lease; false (logged once per change) when another process collects it.
    private func claim(_ collector: any Collector) -> Bool {
        let name = collector.sourceName
        let mine: Bool
        do {
            mine = try store.writeReturning(quietly: true) { w in
                try w.claimSource(name, holder: holder, for: Self.leaseSeconds(collector))
            }
        } catch {
            let text = "\(error)"
            if claimFailure[name] != text { log("\(name): could not claim the source in the store: \(text)") }
            claimFailure[name] = text
            return false
        }
        if claimFailure.removeValue(forKey: name) != nil { log("\(name): the store answers again") }
        if held[name] != mine {
            if mine, held[name] == false { log("\(name): taken over (the process collecting it stopped renewing)") }
            if !mine {
                let other = (try? store.leases()[name]?.holder) ?? "another process"
                log("\(name): collected by \(other); this process stands by")
            }
            held[name] = mine
        }
        return mine
    }

    /// Gives up every lease this process holds, so another takes the sources over at once.
    public func releaseLeases() {
        let mine = held.filter(\.value).map(\.key)
        guard !mine.isEmpty else { return }
        do {
            try store.writeReturning(quietly: true) { w in for name in mine { try w.releaseSource(name, holder: holder) } }
            for name in mine { held[name] = nil }
        } catch {
            log("could not release the sources' leases (they lapse by themselves): \(error)")
        }
    }

    /// One pass of one collector, then (in one transaction) how long it took and the config's declarations. The
    /// source's lease is renewed meanwhile, every third of it: a pass longer than its lease (a warehouse query stuck
    /// behind a lock) would otherwise let another process start on the source before this one ends.
    private func poll(_ collector: any Collector) {
        syncRunbooks()
        let started = Date()
        let (store, holder, name, lease) = (store, holder, collector.sourceName, Self.leaseSeconds(collector))
        let keeper = BackgroundThread(name: "vigil-lease") { stop in
            while !stop.wait(lease / 3) {
                _ = try? store.writeReturning(quietly: true) { try $0.claimSource(name, holder: holder, for: lease) }
            }
        }
        defer { keeper.stop() }
        log(BlockingAsync.run { await collector.collectLine() })
        let seconds = Date().timeIntervalSince(started)
        do {
            try store.write { w in
                try w.recordPassDuration(source: collector.sourceName, seconds: seconds)
                try declareDatasets(w)
            }
        } catch {
            log("\(collector.sourceName): could not write the store after the pass: \(error)")
        }
        detect()
    }

    /// Runs incident detection over the store and logs what it opened or updated: after every pass, and for
    /// `vigil serve` after pushed events changed the store.
    public func detect() {
        detecting.withLock {
            do {
                for line in try detector.run() { log("incidents: " + line) }
            } catch {
                log("incidents: detection failed: \(error)")
            }
        }
    }

    /// Polls each collector whenever its interval has passed, until `shouldStop` says so.
    public func run(shouldStop: () -> Bool) {
        let notifying = notifier.map { n in BackgroundThread(name: "vigil-notify") { stop in n.run(shouldStop: { stop.requested }) } }
        defer {
            notifying?.stop()
            releaseLeases()
        }
        while !shouldStop() {
            let now = Date()
            for c in collectors where (due[c.sourceName] ?? .distantPast) <= now {
                if claim(c) {
                    poll(c)
                    due[c.sourceName] = Date().addingTimeInterval(c.nextDelay)
                } else {
                    // Standing by: look again often enough to take over within two delays of the holder's last renewal.
                    due[c.sourceName] = Date().addingTimeInterval(max(1, c.nextDelay / 2))
                }
            }
            let next = collectors.compactMap { due[$0.sourceName] }.min() ?? now.addingTimeInterval(60)
            // Sleep in short steps so a stop request is noticed within a quarter second.
            let wake = min(next, Date().addingTimeInterval(0.25))
            Thread.sleep(until: wake)
        }
    }
}
