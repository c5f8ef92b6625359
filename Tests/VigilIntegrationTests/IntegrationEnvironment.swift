import Foundation
import Testing

/// What scripts/test (via scripts/dbt-integration) hands the integration tests.
enum IntegrationEnvironment {
    static let variables = ProcessInfo.processInfo.environment
    /// manifest.json and run_results.json of a real `dbt build`, sources.json of `dbt source freshness`.
    static let dbtTargetDir = variables["VIGIL_DBT_TARGET_DIR"]
    /// The PostgreSQL those dbt commands ran against (a superuser on database "warehouse"); the PostgreSQL collector's
    /// tests use it too.
    static let postgresDSN = variables["VIGIL_PG_DSN"]
    static let isCI = variables["CI"] == "true"
}

/// A CI run that lost the environment would skip the real-system tests and still pass: make that a failure.
@Suite struct IntegrationGateTests {
    @Test(.enabled(if: IntegrationEnvironment.isCI))
    func ciProvidesTheRealSystems() {
        #expect(IntegrationEnvironment.dbtTargetDir != nil,
                "CI=true but VIGIL_DBT_TARGET_DIR is unset: scripts/test must run scripts/dbt-integration before swift test")
        #expect(IntegrationEnvironment.postgresDSN != nil,
                "CI=true but VIGIL_PG_DSN is unset: the dbt and PostgreSQL collector tests need the server scripts/test starts")
        #expect(IntegrationEnvironment.variables["VIGIL_DBT_BIN"] != nil,
                "CI=true but VIGIL_DBT_BIN is unset: the dbt changes test runs dbt itself (scripts/dbt-integration's 3rd line)")
        #expect(IntegrationEnvironment.variables["VIGIL_AIRFLOW_DAGS_DIR"] != nil
                    && IntegrationEnvironment.variables["VIGIL_AIRFLOW2_DAGS_DIR"] != nil,
                "CI=true but VIGIL_AIRFLOW_DAGS_DIR or VIGIL_AIRFLOW2_DAGS_DIR is unset: the DAG change tests write DAG files there")
    }
}

/// Runs one query with psql against the integration database and returns its unaligned, tuples-only output.
enum Postgres {
    static func query(_ sql: String) throws -> String {
        let dsn = try #require(IntegrationEnvironment.postgresDSN,
                               "set VIGIL_PG_DSN (scripts/dbt-integration prints it) to check against PostgreSQL")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-c", sql]
        let output = Pipe()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-psql-\(UUID().uuidString)")
        try #require(FileManager.default.createFile(atPath: errors.path, contents: nil))
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardOutput = output
        // A file, not a second pipe: reading two pipes one after the other can deadlock.
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        try #require(process.terminationStatus == 0, "psql failed on \(sql): \(stderr)")
        return text
    }

    /// A timestamp column's value as unix seconds, microseconds included (PostgreSQL keeps microseconds).
    static func epoch(_ sql: String) throws -> Date? {
        let text = try query("select extract(epoch from (\(sql)))")
        if text.isEmpty { return nil }
        return Date(timeIntervalSince1970: try #require(Double(text), "not a number: \(text)"))
    }
}
