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
