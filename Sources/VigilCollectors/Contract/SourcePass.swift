import Foundation
import VigilCore

/// What one `Collector.poll(now:)` read, before anything is written.
public enum SourcePass<Summary: Sendable, Failure: Error & Sendable & CustomStringConvertible>: Sendable {
    /// The source was read: write `data` (and the source ok or degraded) in one transaction.
    case read(SourceData, summary: Summary)
    /// Nothing new since the last pass (e.g. dbt artifacts unchanged): nothing is written.
    case unchanged
    /// The source could not be read: only its status is written, `health` (down unless said) with the failure's text;
    /// the stored data stays.
    case failed(Failure, health: SourceHealth = .down)
}

/// The data of one pass of any kind, in domain types. `SourcePassWriter` writes it.
public struct SourceData: Sendable {
    /// Whether a list is everything the source has (stored rows of this source not in it are retired, their history
    /// kept) or only what changed (upserted, nothing retired).
    public enum Listing: Sendable, Equatable {
        case upsert
        case complete
    }

    /// `.ok`, or `.degraded` with `problems`.
    public var health: SourceHealth = .ok
    /// Why the source is degraded (stored as its last error); empty when ok.
    public var problems: [String] = []
    /// What the source cannot see but is not a problem (stored as its note).
    public var notes: [String] = []

    public var pipelines: [Pipeline] = []
    public var pipelineListing: Listing = .upsert
    public var datasets: [Dataset] = []
    public var datasetListing: Listing = .upsert
    public var runs: [PipelineRun] = []
    public var taskInstances: [TaskInstance] = []
    /// Appended in order. With `resolveDatasetNames`, a sample's dataset may be a URI or alias of a stored
    /// dataset and is stored under that dataset's name.
    public var freshness: [FreshnessSample] = []
    /// Freshness samples, checks and row counts name their dataset by a URI, identity (`namespace/name`) or alias:
    /// each is stored under the known dataset it stands for (or as named, when none).
    public var resolveDatasetNames = false
    /// nil leaves the source's stored lineage as it is; a list replaces it (`producers`: the task writing each edge).
    public var lineage: [LineageEdge]?
    /// Added to the source's stored lineage: a pushed event tells only its own edges.
    public var pushedLineage: [LineageEdge] = []
    public var producers: [LineageEdge: String] = [:]
    /// What a system pushed (one event to `vigil serve`) rather than a poll: the pipelines, runs and task instances
    /// are merged into the stored ones (tasks added, states only move forward, times filled in; see
    /// `StoreWriter.mergeRun`) and the source's last success is the latest event time, `at`, never moved back.
    public var pushed = false
    /// Row counts a source reported (an OpenLineage `outputStatistics`): kept as the datasets' volume history.
    public var rowCounts: [ReportedRowCount] = []
    /// Check results, appended as history.
    public var checks: [DataCheck] = []
    /// Row counts and columns read from tables: volume and schema checks, judged against the stored history.
    var tableReadings: [PostgresQualityReading] = []
    /// When set, the source's checks not named here are retired.
    public var definedChecks: Set<String>?
    /// Replaces the source's warehouse activity when set.
    public var warehouseActivity: WarehouseActivity?
    /// Changes the pass found (a new DAG version, a dbt manifest diff, a commit): stored once each.
    public var changes: [Change] = []
    /// The last version, checksum or commit seen per subject, written with `changes` so the next pass diffs against it.
    public var changeMarks: [String: String] = [:]

    public init() {}
}

/// A dataset's row count as a source reported it.
public struct ReportedRowCount: Sendable, Equatable {
    public var dataset: String
    public var rows: Int
    public var at: Date

    public init(dataset: String, rows: Int, at: Date) {
        self.dataset = dataset
        self.rows = rows
        self.at = at
    }
}
