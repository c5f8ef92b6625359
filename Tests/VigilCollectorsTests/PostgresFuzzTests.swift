import Foundation
import Testing
@testable import VigilCollectors
import VigilStore
import VigilTestSupport

/// Mutated copies of the captured PostgreSQL 15 monitoring rows and catalog answers, decoded and mapped as the collector does: each
/// one is read, or refused with a failure that names the query it answered. Never a crash or a hang.
@Suite(.timeLimit(.minutes(5))) struct PostgresFuzzTests {
    @Test func mutatedRowsAreReadOrRefusedNamingTheQuery() throws {
        let seeds = try FuzzSettings.seeds(in: PostgresFixtures.directory) { $0.hasSuffix(".json") }
        #expect(seeds.count == 7)
        let secrets = PostgresSecrets(["postgresql://vigil:hunter2@db/warehouse", "hunter2"])
        let thresholds = PostgresMapping.SessionThresholds(longRunningAfter: 5, idleInTransactionAfter: 5, blockedAfter: 1)

        var mutator = Mutator(seed: FuzzSettings.seed, format: .json)
        let cases = mutator.cases(from: seeds, count: FuzzSettings.count(600))
        var refused = 0
        for fuzzCase in cases {
            FuzzWatchdog.guarding(fuzzCase.label) {
                // The collector names each answer by its view, as PostgresReader does.
                let what = String(fuzzCase.seedName.dropLast(".json".count))
                // libpq hands over text: invalid UTF-8 arrives repaired, as String(cString:) repairs it.
                let text = fuzzCase.text
                do throws(PostgresFailure) {
                    switch what {
                    case "pg_stat_activity":
                        let rows = try PostgresJSON.decode([PostgresActivityRow].self, text, what: what)
                        let sessions = PostgresMapping.sessions(rows, thresholds: thresholds, secrets: secrets)
                        #expect(sessions.allSatisfy { !$0.query.contains("hunter2") }, "\(fuzzCase.label)")
                    case let name where name.hasPrefix("catalog_"):
                        let row = try PostgresJSON.decode(PostgresCatalogRow.self, text, what: what)
                        #expect((PostgresMapping.rowEstimate(row) ?? 0) >= 0, "\(fuzzCase.label)")
                        #expect(PostgresMapping.columns(row).count == row.columns.count, "\(fuzzCase.label)")
                    case "pg_stat_statements":
                        let rows = try PostgresJSON.decode([PostgresStatementRow].self, text, what: what)
                        #expect(PostgresMapping.statements(rows, secrets: secrets).count == rows.count, "\(fuzzCase.label)")
                    default:
                        let rows = try PostgresJSON.decode([PostgresTableRow].self, text, what: what)
                        #expect(PostgresMapping.tables(rows).count == rows.count, "\(fuzzCase.label)")
                    }
                } catch {
                    refused += 1
                    #expect(error.message.hasPrefix("\(what): "), "\(fuzzCase.label) -> \(error.message)")
                    #expect(!error.isConnectionFailure, "\(fuzzCase.label): a bad answer is not a lost connection")
                }
            }
        }
        #expect(refused > cases.count / 4)
    }
}
