import Foundation
import VigilStore
import VigilCore

/// Everything one pass read, ready to write in one transaction.
struct PostgresPass: Sendable {
    var activity: WarehouseActivity
    var samples: [FreshnessSample]
    /// Row counts and columns of the datasets whose tables could be read.
    var quality: [PostgresQualityReading]
    /// What the role cannot see, and why: the source's note, not a failure.
    var notes: [String]
    /// What could not be read although it should have been: the source is degraded.
    var problems: [String]
}

/// Reads one pass over an open session: who it is, each dataset's max(loaded_at), row count and columns, sessions,
/// statements, tables.
/// Only a broken connection or a failed identity query throws; anything else costs a note or a problem.
enum PostgresReader {
    static func read(_ connection: PostgresConnection, settings: PostgresSettings, secrets: PostgresSecrets,
                     now: Date) throws(PostgresFailure) -> PostgresPass {
        let deadline = settings.queryDeadline
        let identity = try PostgresJSON.decode(PostgresIdentityRow.self,
                                               try connection.value(PostgresQueries.identity, deadline: deadline),
                                               what: "session identity")
        let role = secrets.clean(identity.role, limit: 80), database = secrets.clean(identity.database, limit: 80)
        let seesAll = identity.reads_all_stats || identity.superuser == true
        var notes: [String] = [], problems: [String] = []
        if !seesAll {
            notes.append("role \(role) lacks pg_monitor: sessions and statements of other roles are hidden "
                         + "(GRANT pg_monitor TO \(sqlName(identity.role)))")
        }

        // Each dataset's freshness, then its row count and columns; all of it within the dataset budget.
        var checks: [WarehouseDatasetCheck] = [], quality: [PostgresQualityReading] = [], qualityProblems: [String] = []
        let clock = ContinuousClock(), started = clock.now
        let hasTime = { started.duration(to: clock.now) < .seconds(settings.datasetBudget) }
        for target in settings.datasets {
            guard hasTime() else {
                checks.append(PostgresFreshness.skipped(target, budget: settings.datasetBudget, now: now))
                continue
            }
            let check = try PostgresFreshness.check(target, on: connection, role: role, settings: settings, now: now)
            checks.append(check)
            guard PostgresQuality.worthReading(after: check) else { continue }
            guard hasTime() else {
                qualityProblems.append(TextSanitizer.collapsed(
                    "rows and columns of \(target.dataset.name) not read: this pass spent its "
                        + "\(PostgresFailure.seconds(settings.datasetBudget)) on earlier datasets"))
                continue
            }
            let reading = try PostgresQuality.read(target, on: connection, role: role, settings: settings, hasTime: hasTime)
            quality.append(reading)
            qualityProblems += reading.problems
        }
        let unreadable = checks.compactMap { $0.problem?.message }
        if !unreadable.isEmpty {
            problems.append("\(unreadable.count) of \(checks.count) datasets unreadable: " + unreadable.joined(separator: "; "))
        }
        if !qualityProblems.isEmpty {
            problems.append("rows or columns unreadable: " + qualityProblems.joined(separator: "; "))
        }

        var sessions: [WarehouseSession] = []
        do throws(PostgresFailure) {
            let rows = try PostgresJSON.decode([PostgresActivityRow].self,
                                               try connection.value(PostgresQueries.activity, deadline: deadline),
                                               what: "pg_stat_activity")
            let thresholds = PostgresMapping.SessionThresholds(
                longRunningAfter: settings.longRunningAfter, idleInTransactionAfter: settings.idleInTransactionAfter,
                blockedAfter: settings.blockedAfter)
            sessions = PostgresMapping.sessions(rows, thresholds: thresholds, secrets: secrets)
        } catch where error.isConnectionFailure {
            throw error
        } catch {
            problems.append("sessions unknown: \(error.message)")
        }

        var statements: [WarehouseStatement]?
        if let schema = identity.statements_schema {
            do throws(PostgresFailure) {
                let sql = PostgresQueries.statements(schema: try connection.quoteIdentifier(schema))
                let rows = try PostgresJSON.decode([PostgresStatementRow].self,
                                                   try connection.value(sql, [String(settings.maxStatements)], deadline: deadline),
                                                   what: "pg_stat_statements")
                statements = PostgresMapping.statements(rows, secrets: secrets)
            } catch where error.isConnectionFailure {
                throw error
            } catch where error.sqlstate == "55000" {
                notes.append("pg_stat_statements is installed but not loaded: no top statements "
                             + "(add it to shared_preload_libraries and restart PostgreSQL)")
            } catch {
                problems.append("top statements unknown: \(error.message)")
            }
        } else {
            notes.append("pg_stat_statements is not installed in database \(database): no top statements "
                         + "(CREATE EXTENSION pg_stat_statements, with it in shared_preload_libraries)")
        }

        var tables: [WarehouseTableActivity] = []
        do throws(PostgresFailure) {
            let rows = try PostgresJSON.decode([PostgresTableRow].self,
                                               try connection.value(PostgresQueries.tables,
                                                                    [datasetRelations(settings), String(settings.maxTables)],
                                                                    deadline: deadline),
                                               what: "pg_stat_user_tables")
            tables = PostgresMapping.tables(rows)
        } catch where error.isConnectionFailure {
            throw error
        } catch {
            problems.append("table activity unknown: \(error.message)")
        }

        let activity = WarehouseActivity(
            observedAt: now, serverVersion: secrets.clean(identity.server_version, limit: 80), database: database,
            role: role, seesAllSessions: seesAll, sessions: sessions, statements: statements, tables: tables,
            datasetChecks: checks)
        let samples = checks.filter { $0.problem == nil }
            .map { FreshnessSample(dataset: $0.dataset, observedAt: now, loadedAt: $0.loadedAt) }
        return PostgresPass(activity: activity, samples: samples, quality: quality, notes: notes, problems: problems)
    }

    /// The configured datasets' tables as a JSON array, for the tables query to keep first.
    private static func datasetRelations(_ settings: PostgresSettings) -> String {
        let names = settings.datasets.compactMap { PostgresRelation(datasetName: $0.dataset.name) }
            .filter { $0.schema != nil }.map(\.displayName)
        let data = (try? JSONEncoder().encode(names)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// A role name as GRANT wants it: bare when it is a plain lower-case identifier, else double-quoted.
    static func sqlName(_ name: String) -> String {
        let plain = name.first.map { $0 == "_" || ("a"..."z").contains($0) } == true
            && name.allSatisfy { $0 == "_" || $0 == "$" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return plain ? name : "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
