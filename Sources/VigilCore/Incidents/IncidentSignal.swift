import Foundation

/// Something that warrants an incident: a tier-1 dataset in error, a dataset paging on its burn rate, or a tier-1
/// pipeline failing. Signals with the same cause (the pipeline "why stale?" names, else the subject itself) belong
/// to one incident.
public struct IncidentSignal: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case datasetStale = "dataset_stale"
        case burnPage = "burn_page"
        case pipelineFailing = "pipeline_failing"
        /// A dataset's checks fail (dbt tests, volume, schema): its data arrived but is wrong.
        case checksFailing = "checks_failing"
    }

    public var kind: Kind
    /// What the incident it raises is about: correctness for failing checks; pipeline when a failed pipeline is the
    /// cause (or is the subject); freshness otherwise.
    public var incidentKind: IncidentKind
    /// The dataset or pipeline it is about.
    public var subject: LineageNode
    public var tier: Int
    /// When the condition began: the dataset crossed error_after, the failing run ended.
    public var since: Date?
    /// The most likely cause as text (its lineage node's `text`, or a correctness key); signals sharing it are grouped.
    public var causeKey: String
    /// The cause in words ("customer_sync.push_to_crm failed 42m ago (try 2/2)"), when one was found.
    public var causeText: String?
    /// Tier-1 datasets at risk, the subject included when it is one.
    public var tier1AtRisk: Int
    /// The newest change to the subject or anything upstream of it in the day before the failure began
    /// (`ChangeContext`), with the failure it preceded in words ("the failed run started").
    public var changeBefore: ChangeBefore?
    public var changeBeforeWhat: String = "the failure"

    /// Plain words for the timeline: "raw.customers (tier 1) stale 2h10m".
    public var text: String

    /// The dataset's name, or the pipeline as "SOURCE/ID".
    public var subjectName: String { subject.name }

    /// "payments_ingest version 4 → 5 (bundle abc123), 12m before the failed run started"
    public var changeText: String? { changeBefore?.phrase(before: changeBeforeWhat) }
}

/// Severity from tier and blast radius (README has the table):
///   Sev1  tier 1, and 3 or more tier-1 datasets at risk (itself included);
///   Sev2  any other tier-1 signal (dataset in error, paging, pipeline failing, checks failing), and failing checks
///         on a lower tier with a tier-1 dataset downstream (wrong data flows into it);
///   Sev3  a tier-2 dataset paging or failing its checks;
///   Sev4  a tier-3 dataset paging or failing its checks.
public enum IncidentSeverityRule {
    public static let sev1Tier1AtRisk = 3

    public static func severity(of signal: IncidentSignal) -> Severity {
        let tier = signal.kind == .checksFailing && signal.tier1AtRisk > 0 ? 1 : signal.tier
        switch tier {
        case 1: return signal.tier1AtRisk >= sev1Tier1AtRisk ? .sev1 : .sev2
        case 2: return .sev3
        default: return .sev4
        }
    }

    /// An incident is as severe as its most severe signal.
    public static func severity(of signals: [IncidentSignal]) -> Severity {
        signals.map { severity(of: $0) }.min() ?? .sev4
    }
}
