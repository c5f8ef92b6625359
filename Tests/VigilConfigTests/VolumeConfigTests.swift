import Foundation
import Testing
import VigilCore
@testable import VigilConfig

/// `volume:` on a dataset: the limits of its row-count check, on by default, `false` to turn it off.
@Suite struct VolumeConfigTests {
    func yaml(_ volume: String) -> String {
        """
        sources:
          - {name: warehouse, kind: postgres, dsn_env: WAREHOUSE_DSN}
        datasets:
          - name: raw.orders
            tier: 1
            freshness: {warn_after: 1h, error_after: 2h}
            loaded_at: loaded_at
            \(volume)
        """
    }

    @Test func limitsDefaultsAndOff() throws {
        let set = try parsed(yaml("volume: {max_drop: 20%, max_growth: 150%, exact_count_below: 500000}"))
        #expect(set.datasets.first?.volume == VolumePolicy(maxDrop: 0.2, maxGrowth: 1.5, exactCountBelow: 500_000))
        // Keys left out keep their defaults: 50% down, 300% up, exact below 10 million rows.
        let some = try parsed(yaml("volume: {max_growth: 1000%}"))
        #expect(some.datasets.first?.volume == VolumePolicy(maxDrop: 0.5, maxGrowth: 10, exactCountBelow: 10_000_000))
        #expect(try parsed(yaml("")).datasets.first?.volume == .default)
        #expect(try parsed(yaml("volume: true")).datasets.first?.volume == .default)
        #expect(try parsed(yaml("volume: false")).datasets.first?.volume == nil)
        #expect(try parsed(yaml("volume: {max_drop: 0%, max_growth: 0.5%}")).datasets.first?.volume
                == VolumePolicy(maxDrop: 0, maxGrowth: 0.005, exactCountBelow: 10_000_000))
    }

    /// What the config says reaches the postgres source's targets.
    @Test func theSourceCountsWithTheDatasetsPolicy() throws {
        let config = try parsed(yaml("volume: {max_drop: 10%}"))
        #expect(config.datasets(measuredBy: "warehouse").map(\.volume) == [VolumePolicy(maxDrop: 0.1)])
    }

    @Test func mistakesNameTheLineFieldAndFix() {
        func only(_ volume: String) -> ConfigProblem? {
            let found = problems(yaml(volume))
            #expect(found.count == 1, "\(found)")
            return found.first
        }
        let over = only("volume: {max_drop: 150%}")
        #expect(over?.field == "datasets[0].volume.max_drop" && over?.line == 8)
        #expect(over?.message == "'150%' is more than 100%" && over?.hint?.contains("cannot drop by more than 100%") == true)
        let typo = only("volume: {max_dorp: 20%}")
        #expect(typo?.field == "datasets[0].volume.max_dorp" && typo?.hint == "did you mean 'max_drop'?")
        let fraction = only("volume: {max_growth: 3}")
        #expect(fraction?.message == "'3' is not a percentage" && fraction?.hint?.contains("max_growth: 300%") == true)
        let negative = only("volume: {max_growth: -5%}")
        #expect(negative?.message == "'-5%' is not a percentage")
        let rows = only("volume: {exact_count_below: 10M}")
        #expect(rows?.field == "datasets[0].volume.exact_count_below" && rows?.message == "'10M' is not a whole number")
        let below = only("volume: {exact_count_below: -1}")
        #expect(below?.message == "must be 0 or more rows")
        let word = only("volume: sometimes")
        #expect(word?.field == "datasets[0].volume" && word?.message == "expected true, false or {max_drop, max_growth, exact_count_below}")
        #expect(word?.hint?.contains("volume: false to turn it off") == true)
        let list = only("volume: [50%]")
        #expect(list?.message.contains("found a list") == true)
    }
}
