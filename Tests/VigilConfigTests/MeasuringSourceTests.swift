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
}
