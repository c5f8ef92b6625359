import Foundation
import Testing
import VigilCollectors
import VigilCore
import VigilStore
import VigilTestSupport

/// The manifest diff against real dbt 1.11: a copy of Tests/Integration/dbt_project, made a git work tree, is built
/// (`dbt build`) on the PostgreSQL of scripts/dbt-integration into schemas of its own (chg_analytics…), a model is
/// edited and committed, and built again. The first build only sets the marks; the second is one change naming the
/// model with dbt's new checksum (read from the manifest here, independently) and the commit it was built from.
@Suite(.enabled(if: IntegrationEnvironment.postgresDSN != nil && IntegrationEnvironment.variables["VIGIL_DBT_BIN"] != nil))
struct DbtChangesIntegrationTests {
    @Test func anEditedModelBetweenTwoBuildsIsAChangeWithItsNewChecksum() async throws {
        let dsn = try #require(IntegrationEnvironment.postgresDSN)
        let bin = try #require(IntegrationEnvironment.variables["VIGIL_DBT_BIN"])
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-dbt-chg-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let project = scratch.appendingPathComponent("project")
        let original = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Integration/dbt_project")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: original, to: project)
        let profiles = try String(contentsOf: project.appendingPathComponent("profiles.yml"), encoding: .utf8)
            .replacingOccurrences(of: "schema: analytics", with: "schema: chg_analytics")
        try profiles.write(to: project.appendingPathComponent("profiles.yml"), atomically: true, encoding: .utf8)
        let target = project.appendingPathComponent("target")
        let parts = try #require(try Regex(#"^postgresql://([^@]+)@([^:/]+):([0-9]+)/(.+)$"#).wholeMatch(in: dsn),
                                 "unexpected DSN \(dsn)")
        func part(_ i: Int) -> String { parts.output[i].substring.map(String.init) ?? "" }
        let environment = [
            "VIGIL_PG_USER": part(1), "VIGIL_PG_HOST": part(2), "VIGIL_PG_PORT": part(3), "VIGIL_PG_DB": part(4),
            "DBT_PROFILES_DIR": project.path, "DBT_TARGET_PATH": target.path,
            "DBT_LOG_PATH": scratch.appendingPathComponent("logs").path,
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False", "DBT_USE_COLORS": "False",
            "GIT_AUTHOR_NAME": "Ana", "GIT_AUTHOR_EMAIL": "ana@example.com",
            "GIT_COMMITTER_NAME": "Ana", "GIT_COMMITTER_EMAIL": "ana@example.com",
        ]
        @discardableResult
        func git(_ arguments: String...) throws -> String {
            let r = try ChildProcess.run("/usr/bin/env", ["git", "-C", project.path] + arguments, environment: environment)
            try #require(r.status == 0, "git \(arguments): \(r.stderr)")
            return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func build() throws {
            let r = try ChildProcess.run("\(bin)/dbt", ["build", "--project-dir", project.path], environment: environment,
                                         timeout: 600)
            // One test fails by design: dbt exits 1 (0 or 2 would mean the project or dbt itself broke).
            try #require(r.status == 1, "dbt build: \(r.status)\n\(r.stdout.suffix(2000))")
        }
        try Data("target/\nlogs/\n".utf8).write(to: project.appendingPathComponent(".gitignore"))
        try git("init", "-q", "-b", "main")
        try git("add", ".")
        try git("commit", "-q", "-m", "project as checked in")

        let store = try Store.inMemory()
        let collector = DbtCollector(store: store, sourceName: "dbt-chg", targetDir: target)
        try build()
        _ = await collector.collect()
        #expect(try store.changes(from: .distantPast, to: .distantFuture).isEmpty, "the first build only sets marks")
        #expect(try store.changeMarks(source: "dbt-chg")["model.vigil_it.stg_orders"] != nil)

        let model = project.appendingPathComponent("models/staging/stg_orders.sql")
        let sql = try String(contentsOf: model, encoding: .utf8)
            .replacingOccurrences(of: "select order_id,", with: "select order_id, 1 as version,")
        try sql.write(to: model, atomically: true, encoding: .utf8)
        try git("commit", "-q", "-am", "stg_orders: add version")
        let head = try git("rev-parse", "HEAD")
        try build()
        let result = await collector.collect()
        guard case let .updated(summary) = result else { Issue.record("expected an update, got \(result)"); return }
        #expect(summary.changes == 1)

        let manifest = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: target.appendingPathComponent("manifest.json"))) as? [String: Any])
        let node = (manifest["nodes"] as? [String: Any])?["model.vigil_it.stg_orders"] as? [String: Any]
        let checksum = try #require((node?["checksum"] as? [String: Any])?["checksum"] as? String)
        let invocation = try #require((manifest["metadata"] as? [String: Any])?["invocation_id"] as? String)
        let change = try #require(try store.changes(from: .distantPast, to: .distantFuture).first)
        #expect(change.kind == .dbtManifest)
        #expect(change.title == "dbt vigil_it: 1 model changed (stg_orders)")
        #expect(change.id == "dbt-chg:dbt_manifest:vigil_it:\(invocation)")
        #expect(change.ref == head)
        #expect(change.subjects == ["dataset:chg_analytics.stg_orders", "pipeline:dbt-chg/vigil_it"])
        #expect(change.detail?.contains("→ \(checksum)") == true, "\(change.detail ?? "")")
        #expect(change.detail?.contains("git commit \(head)") == true)
    }
}
