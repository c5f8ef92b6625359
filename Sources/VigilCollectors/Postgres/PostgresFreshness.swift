import Foundation
import VigilStore
import VigilCore

/// Reads max(loaded_at) of one dataset. A dataset that cannot be read gets a problem naming its table and the
/// source stays up; only a broken connection is thrown, since then no dataset can be read.
enum PostgresFreshness {
    static func check(_ target: PostgresDatasetTarget, on connection: PostgresConnection, role: String,
                      settings: PostgresSettings, now: Date) throws(PostgresFailure) -> WarehouseDatasetCheck {
        let name = target.dataset.name, column = target.loadedAtColumn
        func problem(_ kind: WarehouseDatasetProblem.Kind, _ message: String) -> WarehouseDatasetCheck {
            WarehouseDatasetCheck(dataset: name, loadedAtColumn: column, checkedAt: now,
                                  problem: WarehouseDatasetProblem(kind: kind, message: TextSanitizer.collapsed(message)))
        }
        guard let relation = PostgresRelation(datasetName: name) else {
            return problem(.failed, "dataset name \(name) is not schema.table")
        }
        do throws(PostgresFailure) {
            let sql = PostgresQueries.freshness(relation: try relation.quoted(on: connection),
                                                column: try connection.quoteIdentifier(column))
            let text = try connection.value(sql, deadline: settings.queryDeadline)
            guard let text else {
                // An empty table: it never loaded, which is not an error.
                return WarehouseDatasetCheck(dataset: name, loadedAtColumn: column, checkedAt: now, loadedAt: nil)
            }
            guard let seconds = Double(text), seconds.isFinite else {
                return problem(.notATimestamp, "max(\(column)) of \(relation.displayName) is \(text), not a time")
            }
            return WarehouseDatasetCheck(dataset: name, loadedAtColumn: column, checkedAt: now,
                                         loadedAt: Date(timeIntervalSince1970: seconds))
        } catch where error.isConnectionFailure {
            throw error
        } catch {
            let (kind, message) = describe(error, relation: relation.displayName, column: column, role: role,
                                           timeout: settings.statementTimeout, lockTimeout: settings.lockTimeout)
            return problem(kind, message)
        }
    }

    /// A dataset the pass had no time left for.
    static func skipped(_ target: PostgresDatasetTarget, budget: TimeInterval, now: Date) -> WarehouseDatasetCheck {
        let message = "\(target.dataset.name) not measured: this pass spent its \(PostgresFailure.seconds(budget)) "
            + "on earlier datasets"
        return WarehouseDatasetCheck(dataset: target.dataset.name, loadedAtColumn: target.loadedAtColumn, checkedAt: now,
                                     problem: WarehouseDatasetProblem(kind: .timedOut, message: TextSanitizer.collapsed(message)))
    }

    /// What went wrong, by SQLSTATE, in words that say what to check. `reading` names the read that failed, for
    /// timeouts and other errors ("count(*) of raw.orders"); max(column) of the relation when nil.
    static func describe(_ failure: PostgresFailure, relation: String, column: String, role: String,
                         timeout: TimeInterval, lockTimeout: TimeInterval,
                         reading: String? = nil) -> (WarehouseDatasetProblem.Kind, String) {
        let reading = reading ?? "max(\(column)) of \(relation)"
        // Names are used exactly as configured (quoted), so "Sales.Orders" is not sales.orders.
        func caseHint(_ name: String) -> String {
            name == name.lowercased() ? "" : " (names are case-sensitive: did you mean \(name.lowercased())?)"
        }
        switch failure.sqlstate {
        case "42P01", "3F000":
            return (.missingTable, "table \(relation) does not exist" + caseHint(relation))
        case "42703":
            return (.missingColumn, "column \(column) does not exist in \(relation)" + caseHint(column))
        case "42883":
            return (.notATimestamp, "column \(column) of \(relation) is not a timestamp or date")
        case "42501":
            return (.permissionDenied, "role \(role) may not read \(relation) (GRANT SELECT ON \(relation) TO \(role))")
        case "57014":
            return (.timedOut, "\(reading) timed out after \(PostgresFailure.seconds(timeout)) (statement_timeout)")
        case "55P03":
            return (.lockTimeout, "waited more than \(PostgresFailure.seconds(lockTimeout)) for a lock on \(relation) "
                        + "(another session holds it)")
        default:
            let code = failure.sqlstate.map { " (SQLSTATE \($0))" } ?? ""
            return (.failed, "\(reading) failed: \(failure.message)\(code)")
        }
    }
}
