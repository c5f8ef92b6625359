import Foundation
import Testing
import VigilCore
@testable import VigilStore

/// One collector per source on a shared store: the lease's holder renews it, nobody else gets it until it lapses or
/// is given up. Runs on both engines (VIGIL_TEST_STORE_DSN).
@Suite struct SourceLeaseTests {
    func claim(_ store: Store, _ source: String, _ holder: String, _ seconds: TimeInterval = 60) throws -> Bool {
        try store.writeReturning { try $0.claimSource(source, holder: holder, for: seconds) }
    }

    @Test func theHolderRenewsAndOthersWaitUntilItLapses() throws {
        let store = try freshStore()
        #expect(try claim(store, "airflow", "a:1"))
        #expect(try !claim(store, "airflow", "b:2"), "held by a")
        #expect(try claim(store, "airflow", "a:1"), "a renews")
        #expect(try claim(store, "dbt", "b:2"), "another source is free")
        #expect(try store.leases()["airflow"]?.holder == "a:1")
        #expect(try store.leases()["dbt"]?.holder == "b:2")

        // a renews for a moment only, then stops: b takes over once it lapses.
        #expect(try claim(store, "airflow", "a:1", 0.2))
        #expect(try !claim(store, "airflow", "b:2"))
        Thread.sleep(forTimeInterval: 0.4)
        #expect(try claim(store, "airflow", "b:2"), "a's lease lapsed")
        #expect(try !claim(store, "airflow", "a:1"), "now b holds it")
    }

    @Test func givingUpFreesTheSourceAtOnceButOnlyForItsHolder() throws {
        let store = try freshStore()
        #expect(try claim(store, "airflow", "a:1"))
        try store.write { try $0.releaseSource("airflow", holder: "b:2") }
        #expect(try !claim(store, "airflow", "b:2"), "b cannot give up a's lease")
        try store.write { try $0.releaseSource("airflow", holder: "a:1") }
        #expect(try claim(store, "airflow", "b:2"))
        #expect(try store.leases()["airflow"]?.holder == "b:2")
    }
}

extension SourceLeaseTests {
    /// Every collector process claims its sources every pass: consoles must not re-read the store for that.
    @Test func claimingLeavesTheChangeTokenAlone() throws {
        let store = try freshStore()
        try store.write { try $0.setMeta("x", "1") }
        let before = try store.changeToken()
        #expect(try store.writeReturning(quietly: true) { try $0.claimSource("airflow", holder: "a:1", for: 60) })
        #expect(try !store.writeReturning(quietly: true) { try $0.claimSource("airflow", holder: "b:2", for: 60) })
        try store.writeReturning(quietly: true) { try $0.releaseSource("airflow", holder: "a:1") }
        #expect(try store.changeToken() == before)
        #expect(try store.leases().isEmpty)
        try store.write { try $0.setMeta("x", "2") }
        #expect(try store.changeToken() != before, "a real write still moves it")
    }
}
