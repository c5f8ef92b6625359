import Foundation
import Testing
import VigilConfig
import VigilCore

/// Which source reads a dataset's max(loaded_at): the one it names, else the only postgres source.
@Suite struct MeasuringSourceTests {
    let policy = FreshnessPolicy(warnAfter: 3600, errorAfter: 7200)

    private func dataset(_ name: String, loadedAt: String? = "loaded_at", source: String? = nil) -> DatasetConfig {
        DatasetConfig(name: name, tier: 1, freshness: policy, loadedAt: loadedAt, source: source)
    }

    @Test func theOnlyPostgresSourceMeasuresDatasetsThatNameNone() {
        let config = VigilConfiguration(sources: [
            SourceConfig(name: "dbt", kind: .dbt, targetDir: "/t"),
            SourceConfig(name: "wh", kind: .postgres, dsn: .env("DSN")),
        ], datasets: [
            dataset("raw.a"),
            dataset("raw.b", loadedAt: nil, source: "dbt"),
            dataset("raw.c", loadedAt: nil),
            dataset("raw.d", source: "wh"),
        ])
        #expect(config.datasets(measuredBy: "wh").map(\.name) == ["raw.a", "raw.d"])
        #expect(config.measuringSource(of: config.datasets[0]) == "wh")
        #expect(config.measuringSource(of: config.datasets[1]) == "dbt")
        #expect(config.measuringSource(of: config.datasets[2]) == nil)
        #expect(config.datasets(measuredBy: "dbt").isEmpty)  // no loaded_at: dbt reports it from its artifacts
    }

    @Test func withTwoPostgresSourcesADatasetMustNameOne() {
        let config = VigilConfiguration(sources: [
            SourceConfig(name: "wh1", kind: .postgres, dsn: .env("A")),
            SourceConfig(name: "wh2", kind: .postgres, dsn: .env("B")),
        ], datasets: [dataset("raw.a"), dataset("raw.b", source: "wh2")])
        #expect(config.measuringSource(of: config.datasets[0]) == nil)
        #expect(config.datasets(measuredBy: "wh1").isEmpty)
        #expect(config.datasets(measuredBy: "wh2").map(\.name) == ["raw.b"])
    }

    /// The postgres source a dbt project builds into: the one `warehouse:` names, else the only one.
    @Test func aDbtSourcesWarehouseIsTheOneItNamesElseTheOnlyPostgresSource() throws {
        let one = try parsed("""
            sources:
              - {name: analytics, kind: dbt, target_dir: /t}
              - {name: wh, kind: postgres, dsn_env: DSN}
            """)
        #expect(one.sources[0].warehouse == nil)
        #expect(one.warehouse(of: one.sources[0])?.name == "wh")
        let two = try parsed("""
            sources:
              - {name: analytics, kind: dbt, target_dir: /t, warehouse: wh2}
              - {name: legacy, kind: dbt, target_dir: /u}
              - {name: wh1, kind: postgres, dsn_env: A}
              - {name: wh2, kind: postgres, dsn_env: B}
            """)
        #expect(two.sources[0].warehouse == "wh2")
        #expect(two.warehouse(of: two.sources[0])?.name == "wh2")
        #expect(two.warehouse(of: two.sources[1]) == nil)  // two to choose from and none named: no identity
        let none = try parsed("sources:\n  - {name: analytics, kind: dbt, target_dir: /t}\n")
        #expect(none.warehouse(of: none.sources[0]) == nil)
    }
}
