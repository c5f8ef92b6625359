import Foundation
import VigilCore
import VigilStore

/// A dataset's row count and columns as one pass read them. What they mean (pass, warn, fail) is decided when the
/// pass is written, against the dataset's history in the store, by the pure VolumeRule and SchemaRule.
struct PostgresQualityReading: Sendable {
    enum Reading<Value: Sendable>: Sendable {
        case read(Value)
        /// Why it could not be read: one line, sanitised, naming the table.
        case unreadable(String)

        var problem: String? {
            if case let .unreadable(message) = self { return message }
            return nil
        }
    }

    var dataset: String
    /// nil when the rows are not counted (`volume: false`).
    var volume: Reading<RowCount>?
    var policy: VolumePolicy?
    var columns: Reading<[TableColumn]>

    /// What could not be read, each message once.
    var problems: [String] {
        var seen: [String] = []
        for message in [columns.problem, volume?.problem].compactMap({ $0 }) where !seen.contains(message) {
            seen.append(message)
        }
        return seen
    }
}

/// Reads a dataset's row count and columns after its freshness, and writes the checks, counts, schema and events
/// they lead to. A read that fails is that dataset's problem (an `error` check and a line on the source), never
/// the pass's; only a broken connection is thrown.
enum PostgresQuality {
    /// Whether to read on after the freshness read: not when the table is missing, unreadable, locked or too slow
    /// (the freshness problem already says so), only when that read went well or its loaded_at column is wrong.
    static func worthReading(after freshness: WarehouseDatasetCheck) -> Bool {
        switch freshness.problem?.kind {
        case nil, .missingColumn, .notATimestamp: return true
        default: return false
        }
    }

    /// One catalog query (row estimates and columns), then count(*) when the estimate is under the policy's
    /// `exactCountBelow` (or there is none, as for a view) and the pass has time left.
    static func read(_ target: PostgresDatasetTarget, on connection: PostgresConnection, role: String,
                     settings: PostgresSettings, hasTime: () -> Bool) throws(PostgresFailure) -> PostgresQualityReading {
        let name = target.dataset.name
        // Neither could be read, for the same reason.
        func unreadable(_ message: String) -> PostgresQualityReading {
            PostgresQualityReading(dataset: name, volume: target.volume.map { _ in .unreadable(message) },
                                   policy: target.volume, columns: .unreadable(message))
        }
        func describe(_ failure: PostgresFailure, _ what: String, relation: PostgresRelation) -> String {
            TextSanitizer.collapsed(PostgresFreshness.describe(
                failure, relation: relation.displayName, column: target.loadedAtColumn, role: role,
                timeout: settings.statementTimeout, lockTimeout: settings.lockTimeout, reading: what).1)
        }
        guard let relation = PostgresRelation(datasetName: name) else {
            return unreadable(TextSanitizer.collapsed("dataset name \(name) is not schema.table"))
        }
        let quoted: String, catalog: PostgresCatalogRow
        do throws(PostgresFailure) {
            quoted = try relation.quoted(on: connection)
            catalog = try PostgresJSON.decode(PostgresCatalogRow.self,
                                              try connection.value(PostgresQueries.catalog, [quoted],
                                                                   deadline: settings.queryDeadline),
                                              what: "the catalog entry of \(relation.displayName)")
        } catch where error.isConnectionFailure {
            throw error
        } catch {
            return unreadable(describe(error, "the columns of \(relation.displayName)", relation: relation))
        }
        var reading = PostgresQualityReading(dataset: name, policy: target.volume,
                                             columns: .read(PostgresMapping.columns(catalog)))

        guard let policy = target.volume else { return reading }
        let estimate = PostgresMapping.rowEstimate(catalog)
        if let estimate, estimate >= policy.exactCountBelow {
            reading.volume = .read(RowCount(rows: estimate, estimated: true))
            return reading
        }
        guard hasTime() else {
            reading.volume = .unreadable(TextSanitizer.collapsed(
                "rows of \(relation.displayName) not counted: this pass spent its "
                    + "\(PostgresFailure.seconds(settings.datasetBudget)) on earlier datasets"))
            return reading
        }
        do throws(PostgresFailure) {
            let text = try connection.value(PostgresQueries.rowCount(relation: quoted), deadline: settings.queryDeadline)
            guard let text, let rows = Int(text) else {
                reading.volume = .unreadable(TextSanitizer.collapsed(
                    "count(*) of \(relation.displayName) returned \(text ?? "NULL"), not a number"))
                return reading
            }
            reading.volume = .read(RowCount(rows: rows, estimated: false))
        } catch where error.isConnectionFailure {
            throw error
        } catch {
            var message = describe(error, "count(*) of \(relation.displayName)", relation: relation)
            if error.sqlstate == "57014" {
                message += estimate.map { "; with volume: {exact_count_below: \($0)} or less it is judged on its "
                    + "estimate of \(VolumeRule.grouped($0)) rows" } ?? "; volume: false stops counting it"
            }
            reading.volume = .unreadable(TextSanitizer.collapsed(message))
        }
        return reading
    }

    /// The dataset's volume and schema checks for this pass (their history one result an hour and each change of
    /// state), with the row count kept (one an hour), the schema stored on a first look or a change, and an event when
    /// the schema changes or the volume turns bad.
    static func write(_ reading: PostgresQualityReading, to w: StoreWriter, source: String, at: Date) throws {
        let dataset = reading.dataset
        func latest(_ name: String) throws -> DataCheck? { try w.latestCheck(dataset: dataset, name: name) }
        func error(_ kind: DataCheck.Kind, _ name: String, _ message: String) -> DataCheck {
            DataCheck(dataset: dataset, name: name, kind: kind, state: .error, message: message, at: at, source: source)
        }
        if let volume = reading.volume, let policy = reading.policy {
            let check: DataCheck
            switch volume {
            case let .read(count):
                let history = try w.rowCounts(dataset: dataset, since: at.addingTimeInterval(-VolumeRule.window))
                check = VolumeRule.check(dataset: dataset, count: count, history: history, policy: policy, at: at,
                                         source: source)
                if VolumeRule.keeps(at: at, lastKept: history.last?.at) {
                    try w.recordRowCount(dataset: dataset, rows: count.rows, at: at)
                }
            case let .unreadable(message):
                check = error(.volume, VolumeRule.checkName, message)
            }
            let previous = try latest(VolumeRule.checkName)
            if check.state == .fail || check.state == .warn, previous?.state != check.state {
                try w.appendDatasetEvent(DatasetEvent(dataset: dataset, at: at, kind: .volumeChange,
                                                      text: check.message ?? "", source: source))
            }
            try w.recordCheck(check, history: keepsResult(check, after: previous))
        }

        switch reading.columns {
        case let .read(columns):
            var outcome = SchemaRule.check(dataset: dataset, columns: columns, stored: try w.schema(dataset: dataset),
                                           lastChange: try w.latestDatasetEvent(dataset: dataset, kind: .schemaChange),
                                           at: at, source: source)
            // Column names and types are the warehouse's text: one bounded line before they are kept.
            outcome.check.message = outcome.check.message.map { TextSanitizer.collapsed($0, limit: 500) }
            if var event = outcome.event {
                event.text = TextSanitizer.collapsed(event.text, limit: 500)
                try w.appendDatasetEvent(event)
            }
            if let change = outcome.change { try w.recordChange(change, at: at) }
            if let stored = outcome.store {
                try w.setSchema(dataset: dataset, signature: SchemaRule.signature(stored),
                                columns: SchemaRule.encode(stored), at: at, source: source)
            }
            try w.recordCheck(outcome.check, history: keepsResult(outcome.check, after: latest(SchemaRule.checkName)))
        case let .unreadable(message):
            let check = error(.schema, SchemaRule.checkName, message)
            try w.recordCheck(check, history: keepsResult(check, after: latest(SchemaRule.checkName)))
        }
    }

    /// Whether a result joins the check's history (the pass rates): when its state differs from the latest, and
    /// otherwise once per clock hour. Every pass updates the latest result; a history row a minute per check would
    /// be 100,000 rows per dataset over the 35 days kept.
    static func keepsResult(_ check: DataCheck, after latest: DataCheck?) -> Bool {
        guard let latest else { return true }
        func hour(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 3_600).rounded(.down)) }
        return latest.state != check.state || hour(latest.at) != hour(check.at)
    }

    /// The checks this source keeps: volume and schema of each dataset it measures (volume only where counted).
    /// Any other check of the source is gone from its config, and its latest result goes with it.
    static func checkIDs(_ targets: [PostgresDatasetTarget]) -> Set<String> {
        Set(targets.flatMap { t in
            [DataCheck.id(dataset: t.dataset.name, name: SchemaRule.checkName)]
                + (t.volume == nil ? [] : [DataCheck.id(dataset: t.dataset.name, name: VolumeRule.checkName)])
        })
    }
}
