import Foundation
import FuzzDriver
@testable import VigilCollectors

private let secrets = PostgresSecrets(["postgresql://vigil:hunter2@db/warehouse", "hunter2"])
private let thresholds = PostgresMapping.SessionThresholds(longRunningAfter: 5, idleInTransactionAfter: 5, blockedAfter: 1)

/// One input: the json text of a monitoring query, read as each view the collector reads and mapped where it
/// decodes. A refusal must name the view; a mapped session must never show the password.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPostgres(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    // libpq hands over text: invalid UTF-8 arrives repaired.
    let text = fuzzText(bytes, count)
    func read<T: Decodable>(_ type: T.Type, _ what: String, _ map: (T) -> Void) {
        do throws(PostgresFailure) {
            map(try PostgresJSON.decode(type, text, what: what))
        } catch {
            guard error.message.hasPrefix("\(what): ") else { fatalError("refusal does not name \(what): \(error.message)") }
        }
    }
    read(PostgresIdentityRow.self, "session identity") { _ = secrets.clean($0.role, limit: 80) }
    read([PostgresActivityRow].self, "pg_stat_activity") { rows in
        for session in PostgresMapping.sessions(rows, thresholds: thresholds, secrets: secrets)
        where session.query.contains("hunter2") {
            fatalError("a session's query shows the password")
        }
    }
    read([PostgresStatementRow].self, "pg_stat_statements") { _ = PostgresMapping.statements($0, secrets: secrets) }
    read([PostgresTableRow].self, "pg_stat_user_tables") { _ = PostgresMapping.tables($0) }
    return 0
}

/// SwiftPM links an executable's entry point as `main`; this one hands over to libFuzzer.
@_cdecl("fuzz_postgres_main")
public func fuzzPostgresMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(fuzzPostgres)
}
