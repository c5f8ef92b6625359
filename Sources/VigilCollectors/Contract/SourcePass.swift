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
    /// Appended in order. With `resolveFreshnessNames`, a sample's dataset may be a URI or alias of a stored
    /// dataset and is stored under that dataset's name.
    public var freshness: [FreshnessSample] = []
    public var resolveFreshnessNames = false
    /// nil leaves the source's stored lineage as it is; a list replaces it (`producers`: the task writing each edge).
    public var lineage: [LineageEdge]?
    public var producers: [LineageEdge: String] = [:]
    /// Check results, appended as history.
    public var checks: [DataCheck] = []
    /// Row counts and columns read from tables: volume and schema checks, judged against the stored history.
    var tableReadings: [PostgresQualityReading] = []
    /// When set, the source's checks not named here are retired.
    public var definedChecks: Set<String>?
    /// Replaces the source's warehouse activity when set.
    public var warehouseActivity: WarehouseActivity?

    public init() {}
}
