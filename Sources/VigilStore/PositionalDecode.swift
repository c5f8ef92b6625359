import Foundation
import VigilCore

/// Decoding by column position for the reads that return a row per run or per dataset: at thousands of rows a
/// snapshot spent more time finding columns by name than reading them. Each list names its columns in order.
enum Positional {
    static let runColumns = "source, pipeline_id, run_id, state, logical_date, started_at, ended_at, run_type"

    /// A run from `runColumns` starting at column `i`.
    static func run(_ row: SQLRow, at i: Int) throws -> PipelineRun {
        let rawState: String = row[i + 3]
        guard let state = RunState(rawValue: rawState) else {
            throw StoreDecodingError(table: "runs", column: "state", value: rawState)
        }
        return PipelineRun(source: row[i], pipelineID: row[i + 1], runID: row[i + 2], state: state,
                           logicalDate: date(row[i + 4]), startedAt: date(row[i + 5]), endedAt: date(row[i + 6]),
                           runType: row[i + 7])
    }

    static let datasetColumns = """
        name, tier, warn_after_s, error_after_s, source, produced_by, owner, slo_target, slo_window_s, \
        last_loaded_at, last_observed_at, lag_24h, lag_24h_hour, namespace, qualified_name, aliases, \
        pass_rate_24h, pass_rate_7d, pass_rates_at
        """
    /// How many columns `datasetColumns` names: a query may add its own after them.
    static let datasetColumnCount = datasetColumns.split(separator: ",").count

    /// A dataset's stored pass rates (24 h, 7 d) and when they were computed.
    typealias PassRates = (day: Double?, week: Double?, at: Double?)

    /// The dataset, its stored 24 h lag day (nil before its first observation) and its checks' pass rates.
    static func datasetSummary(_ row: SQLRow) throws -> (summary: DatasetSummary, lagDay: LagDay?, passRates: PassRates) {
        let target: Double? = row[7]
        let window: Double? = row[8]
        let dataset = Dataset(
            name: row[0], tier: row[1], policy: FreshnessPolicy(warnAfter: row[2], errorAfter: row[3]),
            source: row[4], producedBy: row[5], owner: row[6],
            objective: target.map { FreshnessObjective(target: $0, window: window ?? FreshnessObjective.defaultWindow) },
            identity: identity(namespace: row[13], name: row[14]), aliases: aliases(row[15]))
        return (DatasetSummary(dataset: dataset, lastLoadedAt: date(row[9]), lastObservedAt: date(row[10])),
                LagDay(blob: row[11], lastHour: row[12]), (row[16], row[17], row[18]))
    }

    private static func date(_ seconds: Double?) -> Date? { seconds.map(Date.init(timeIntervalSince1970:)) }

    static func identity(namespace: String?, name: String?) -> DatasetIdentity? {
        guard let namespace, let name else { return nil }
        return DatasetIdentity(namespace: namespace, name: name)
    }

    /// Most datasets have none: skip the JSON decoder for "[]".
    static func aliases(_ text: String) -> [String] {
        guard text != "[]" else { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
