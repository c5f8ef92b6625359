import Foundation
import Testing
import VigilTestSupport
import VigilCollectors
import VigilCore
import VigilStore

/// The manifest diff between two real dbt invocations (Fixtures/dbt-1.11/changes_manifest_*.json, see its README):
/// one model edited, one test added.
@Suite struct DbtChangesTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    func manifest(_ which: String) throws -> DbtManifest {
        try DbtArtifacts.loadManifest(DbtFixtures.url("changes_manifest_\(which).json"))
    }

    @Test func firstManifestOnlySetsMarks() throws {
        let diff = DbtMapping.manifestDiff(try manifest("before"), marks: [:], source: "dbt", now: now)
        #expect(diff.change == nil)
        #expect(diff.marks["model.vigil_it.stg_orders"]?.hasPrefix("28ae09281bcf") == true)
        // Tests without a checksum and sources are marked as present (added or removed only).
        #expect(diff.marks["test.vigil_it.unique_stg_orders_order_id.e3b841c71a"] == "present")
        #expect(diff.marks["source.vigil_it.raw.orders"] == "present")
    }

    @Test func editedModelAndAddedTestAreOneChange() throws {
        let before = DbtMapping.manifestDiff(try manifest("before"), marks: [:], source: "dbt", now: now).marks
        let after = try manifest("after")
        let diff = DbtMapping.manifestDiff(after, marks: before, source: "dbt", commit: { "0123456789abcdef0123456789abcdef01234567" },
                                           now: now)
        let change = try #require(diff.change)
        #expect(change.title == "dbt vigil_it: 1 model changed (stg_orders), 1 test added")
        #expect(change.kind == .dbtManifest)
        #expect(change.id == "dbt:dbt_manifest:vigil_it:3e3d72a9-2728-4bfb-9572-e8b9c8c92011")
        #expect(change.ref == "0123456789abcdef0123456789abcdef01234567")
        #expect(change.at == after.metadata.generatedAt)
        #expect(change.subjects.contains("pipeline:dbt/vigil_it"))
        #expect(change.subjects.contains("dataset:chg_capture.stg_orders"))
        let newSum = try #require(after.nodes["model.vigil_it.stg_orders"]?.checksum?.checksum)
        let oldSum = try #require(before["model.vigil_it.stg_orders"])
        let detail = try #require(change.detail)
        #expect(detail.contains("git commit 0123456789abcdef0123456789abcdef01234567"))
        #expect(detail.contains("model stg_orders: \(oldSum) → \(newSum)"))
        #expect(detail.contains("test not_null_stg_orders_order_id: added"))
        // Only what moved is marked again.
        #expect(Set(diff.marks.keys) == ["model.vigil_it.stg_orders", "test.vigil_it.not_null_stg_orders_order_id.81cfe2fe64"])
    }

    @Test func sameManifestAgainChangesNothing() throws {
        let m = try manifest("after")
        let marks = DbtMapping.manifestDiff(m, marks: [:], source: "dbt", now: now).marks
        let diff = DbtMapping.manifestDiff(m, marks: marks, source: "dbt", commit: { Issue.record("git asked"); return nil }, now: now)
        #expect(diff.change == nil && diff.marks.isEmpty)
    }

    @Test func removedNodesAreMarkedGoneAndComeBackAsAdded() throws {
        let after = DbtMapping.manifestDiff(try manifest("after"), marks: [:], source: "dbt", now: now).marks
        let back = DbtMapping.manifestDiff(try manifest("before"), marks: after, source: "dbt", now: now)
        let change = try #require(back.change)
        #expect(change.title == "dbt vigil_it: 1 model changed (stg_orders), 1 test removed")
        #expect(back.marks["test.vigil_it.not_null_stg_orders_order_id.81cfe2fe64"] == "-")
        var marks = after
        marks.merge(back.marks) { _, new in new }
        let again = DbtMapping.manifestDiff(try manifest("after"), marks: marks, source: "dbt", now: now)
        #expect(again.change?.title == "dbt vigil_it: 1 model changed (stg_orders), 1 test added")
    }

    /// Through the collector and the store: the first pass sets marks, a new manifest records one change.
    @Test func collectorRecordsTheDiffOnce() async throws {
        let store = try TestStore.fresh()
        let dir = try DbtFixtures.TargetDir([("manifest.json", "changes_manifest_before.json"),
                                             ("run_results.json", "run_results_build.json")])
        defer { dir.remove() }
        let collector = DbtCollector(store: store, sourceName: "dbt", targetDir: dir.url, clock: { self.now })
        _ = await collector.collect()
        #expect(try store.changes(from: .distantPast, to: .distantFuture).isEmpty)
        #expect(try store.changeMarks(source: "dbt")["model.vigil_it.stg_orders"] != nil)
        try dir.put("manifest.json", DbtFixtures.data("changes_manifest_after.json"))
        let result = await collector.collect()
        guard case let .updated(summary) = result else { Issue.record("expected an update, got \(result)"); return }
        #expect(summary.changes == 1)
        let changes = try store.changes(from: .distantPast, to: .distantFuture)
        #expect(changes.map(\.title) == ["dbt vigil_it: 1 model changed (stg_orders), 1 test added"])
        try dir.put("run_results.json", DbtFixtures.data("run_results_build.json"))
        _ = await collector.collect()
        #expect(try store.changes(from: .distantPast, to: .distantFuture).count == 1)
    }
}
