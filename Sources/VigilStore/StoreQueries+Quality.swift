import Foundation
import VigilCore

extension StoreQueries {
    /// Every live dataset's names, or those of every source but `excludingSource`.
    static func datasetNameIndex(_ db: any SQLDatabase, excludingSource: String? = nil) throws -> DatasetNameIndex {
        let rows = try SQLRow.fetchAll(db, sql: """
            SELECT name, namespace, qualified_name, aliases FROM datasets
            WHERE removed_at IS NULL AND (CAST(?1 AS TEXT) IS NULL OR source != ?1)
            """, arguments: [excludingSource])
        return DatasetNameIndex(entries: rows.map { row in
            (row[0], Positional.identity(namespace: row[1], name: row[2]), Positional.aliases(row[3]))
        })
    }

    /// Each dataset's latest checks, with the pass rates its row keeps (`passRates`, in the datasets' order): a rate
    /// whose window has passed since it was computed (no result for a day, a week) is none.
    static func attachQuality(_ db: any SQLDatabase, to datasets: inout [DatasetSummary], passRates: [Positional.PassRates],
                              now: Date) throws {
        var latest: [String: [DataCheck]] = [:]
        let rows = try SQLRow.fetchCursor(db, sql: "SELECT \(checkColumns) FROM dataset_checks")
        while let row = try rows.next() {
            guard let check = dataCheck(row) else { continue }
            latest[check.dataset, default: []].append(check)
        }
        guard !latest.isEmpty else { return }
        for i in datasets.indices {
            guard let checks = latest[datasets[i].dataset.name] else { continue }
            attachQuality(to: &datasets[i], checks: checks, passRates: passRates[i], now: now)
        }
    }

    /// `attachQuality` for one dataset, reading only its checks (a snapshot that re-reads the datasets changed).
    static func attachQuality(_ db: any SQLDatabase, to dataset: inout DatasetSummary, passRates: Positional.PassRates,
                              now: Date) throws {
        let checks = try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT \(checkColumns) FROM dataset_checks WHERE dataset = ?"),
                                         arguments: [dataset.dataset.name]).compactMap(dataCheck)
        guard !checks.isEmpty else { return }
        attachQuality(to: &dataset, checks: checks, passRates: passRates, now: now)
    }

    private static let checkColumns = "dataset, name, kind, state, failures, message, at, source"

    private static func attachQuality(to d: inout DatasetSummary, checks: [DataCheck], passRates rates: Positional.PassRates,
                                      now: Date) {
        let age = rates.at.map { now.timeIntervalSince1970 - $0 } ?? .infinity
        d.quality = DatasetQuality(checks: checks, passRate24h: age < 86_400 ? rates.day : nil,
                                   passRate7d: age < 7 * 86_400 ? rates.week : nil)
    }

    /// A row of `dataset_checks` (dataset, name, kind, state, failures, message, at, source); nil for a kind or state
    /// this build does not know.
    static func dataCheck(_ row: SQLRow) -> DataCheck? {
        guard let kind = DataCheck.Kind(rawValue: row[2]), let state = CheckState(rawValue: row[3]) else { return nil }
        return DataCheck(dataset: row[0], name: row[1], kind: kind, state: state, failures: row[4], message: row[5],
                         at: Date(timeIntervalSince1970: row[6]), source: row[7])
    }

    /// Newest first; only events of `kind` when given.
    static func datasetEvents(_ db: any SQLDatabase, dataset: String, kind: DatasetEvent.Kind? = nil,
                              limit: Int) throws -> [DatasetEvent] {
        try SQLRow.fetchAll(db, sql: """
            SELECT dataset, at, kind, text, source FROM dataset_events WHERE dataset = ?1 AND (CAST(?2 AS TEXT) IS NULL OR kind = ?2)
            ORDER BY at DESC, seq DESC LIMIT ?3
            """, arguments: [dataset, kind?.rawValue, limit]).compactMap { row in
            guard let kind = DatasetEvent.Kind(rawValue: row[2]) else { return nil }
            return DatasetEvent(dataset: row[0], at: Date(timeIntervalSince1970: row[1]), kind: kind, text: row[3], source: row[4])
        }
    }
}

extension Store {
    /// The names the stored datasets of every source but `source` (and the config's) answer to: what a collector
    /// reads to plan whether a name it reports is one of theirs (then it reports onto that dataset) or its own.
    public func datasetNameIndex(excludingSource source: String) throws -> DatasetNameIndex {
        try database.read { db in try StoreQueries.datasetNameIndex(db, excludingSource: source) }
    }

    /// The dataset's events (schema changes, removals), newest first.
    public func datasetEvents(dataset: String, limit: Int = 50) throws -> [DatasetEvent] {
        try database.read { db in try StoreQueries.datasetEvents(db, dataset: dataset, limit: limit) }
    }

}
