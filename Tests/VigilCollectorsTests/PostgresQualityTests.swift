import Foundation
import Testing
@testable import VigilCollectors
import VigilCore

/// What the warehouse's volume and schema checks keep: a history row an hour and at each change of state, and the
/// checks of the datasets the config still lists.
@Suite struct PostgresQualityTests {
    let base = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z, on the hour

    func check(_ state: CheckState, _ offset: TimeInterval) -> DataCheck {
        DataCheck(dataset: "raw.orders", name: "volume", kind: .volume, state: state, at: base.addingTimeInterval(offset),
                  source: "wh")
    }

    @Test func historyKeepsOneResultAnHourAndEveryChange() {
        #expect(PostgresQuality.keepsResult(check(.pass, 0), after: nil))
        // Same state, same clock hour: the latest moves, the history does not.
        #expect(!PostgresQuality.keepsResult(check(.pass, 60), after: check(.pass, 0)))
        #expect(!PostgresQuality.keepsResult(check(.pass, 3_599), after: check(.pass, 60)))
        // The next clock hour, or another state.
        #expect(PostgresQuality.keepsResult(check(.pass, 3_600), after: check(.pass, 3_599)))
        #expect(PostgresQuality.keepsResult(check(.fail, 120), after: check(.pass, 60)))
        #expect(PostgresQuality.keepsResult(check(.pass, 180), after: check(.fail, 120)))
    }

    @Test func theSourceKeepsTheChecksOfItsDatasets() {
        let policy = FreshnessPolicy(warnAfter: 60, errorAfter: 120)
        func target(_ name: String, volume: VolumePolicy?) -> PostgresDatasetTarget {
            PostgresDatasetTarget(dataset: Dataset(name: name, tier: 1, policy: policy, source: "wh"),
                                  loadedAtColumn: "at", volume: volume)
        }
        #expect(PostgresQuality.checkIDs([target("raw.orders", volume: .default), target("raw.big", volume: nil)])
                == ["raw.orders/schema", "raw.orders/volume", "raw.big/schema"])
    }
}
