import Foundation
import Testing
@testable import VigilConfig

@Suite struct StarterConfigTests {
    @Test func starterParsesWithoutProblems() throws {
        let config = try parsed(StarterConfig.text)
        #expect(config.sources.map(\.kind) == [.demo])
        #expect(config.datasets.isEmpty)
    }

    @Test func starterExplainsEveryKey() {
        let keys = ConfigKeys.topLevel + ConfigKeys.anySource + ConfigKeys.dataset + ConfigKeys.freshness + ConfigKeys.notify
            + ConfigKeys.changeRepo
        for key in keys {
            #expect(StarterConfig.text.contains("\(key):"), "starter does not mention \(key)")
        }
    }

    /// The commented examples are the real documentation: uncommented, they must be valid too.
    @Test func uncommentedExamplesAreValid() throws {
        let uncommented = StarterConfig.textWithExamples
        let config = try parsed(uncommented)
        #expect(config.sources.map(\.name) == ["demo", "prod-airflow", "prod-dagster", "prefect", "analytics", "warehouse"])
        #expect(config.datasets.map(\.name) == ["analytics.fct_revenue"])
        #expect(config.user == "alice")
        #expect(config.notify?.targets.map(\.name) == ["alertmanager", "chat"])
        #expect(config.notify?.routes.count == 2)
        #expect(config.changes.map(\.name) == ["dags"])
        #expect(config.changes.first?.touches == ["pipeline:prod-airflow/payments_ingest", "dataset:analytics.fct_revenue"])
    }

    @Test func initWritesAPrivateFileAndRefusesToOverwrite() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/nested/vigil.yaml"
        try StarterConfigFile.write(to: path, overwrite: false)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == StarterConfig.text)
        #expect(try mode(path) == 0o600)
        #expect(try mode("\(dir)/nested") == 0o700)

        try writeFile(path, "mine", mode: 0o644)
        #expect(throws: StarterConfigFile.WriteError.exists(path: path)) {
            try StarterConfigFile.write(to: path, overwrite: false)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine")

        try StarterConfigFile.write(to: path, overwrite: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == StarterConfig.text)
        #expect(try mode(path) == 0o600)
    }

    @Test func summaryNamesSourcesDatasetsAndStore() throws {
        let config = try parsed(ValidConfigTests.full)
        #expect(ConfigSummary.lines(config, file: "vigil.yaml", storePath: "/s/vigil.db") == [
            "vigil.yaml: OK",
            "  5 sources: prod-airflow (airflow), prod-dagster (dagster), analytics (dbt), warehouse (postgres), demo (demo)",
            "  2 datasets (1 tier-1)",
            "  store: /s/vigil.db (read-only)",
        ])
    }

    @Test func summaryNamesNotifyTargetsAndRoutes() throws {
        let yaml = """
            notify:
              targets:
                - {name: am, kind: alertmanager, url: "http://am:9093"}
                - {name: chat, kind: webhook, url: "https://hooks.example.com/v"}
            """
        #expect(ConfigSummary.lines(try parsed(yaml), file: "v.yaml", storePath: "/s.db") == [
            "v.yaml: OK", "  0 sources", "  0 datasets",
            "  2 notify targets: am (alertmanager), chat (webhook); every incident to every target", "  store: /s.db",
        ])
        let routed = try parsed(yaml + "\n  routes:\n    - {severities: [sev1], targets: [am]}\n")
        #expect(ConfigSummary.lines(routed, file: "v.yaml", storePath: "/s.db")[3]
                == "  2 notify targets: am (alertmanager), chat (webhook); 1 route")
    }

    @Test func didYouMeanOnlySuggestsCloseWords() {
        #expect(DidYouMean.suggest("intervall", among: ConfigKeys.anySource) == "interval")
        #expect(DidYouMean.suggest("Timeout", among: ConfigKeys.anySource) == "timeout")
        #expect(DidYouMean.suggest("colour", among: ConfigKeys.topLevel) == nil)
        #expect(DidYouMean.distance("kitten", "sitting") == 3)
    }

    private func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}

extension StarterConfig {
    /// The starter with its commented examples uncommented ("  # - name:", "  #   kind:", "# serve:"); prose comments
    /// (a capital, or a note) stay.
    static var textWithExamples: String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let hash = line.firstIndex(of: "#") else { return String(line) }
            let rest = line[line.index(after: hash)...]
            let body = rest.hasPrefix(" ") ? rest.dropFirst() : rest[...]
            let looksLikeYAML = body.hasPrefix("- ") || body.hasPrefix("  ") || body.range(of: #"^[a-z_]+:"#, options: .regularExpression) != nil
            return looksLikeYAML ? String(line[..<hash]) + body : String(line)
        }.joined(separator: "\n")
    }
}
