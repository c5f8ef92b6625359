import Foundation
import Testing
import VigilCore
@testable import VigilStore

/// What a collector reads back inside its write to judge a new result: a check's latest result, and a dataset's
/// newest event of one kind.
@Suite struct QualityReadsTests {
    func check(_ state: CheckState, at offset: TimeInterval, message: String) -> DataCheck {
        DataCheck(dataset: "raw.orders", name: "volume", kind: .volume, state: state, message: message, at: t(offset),
                  source: "wh")
    }

    @Test func theLatestResultOfACheck() throws {
        let store = try freshStore()
        try store.write { w in
            #expect(try w.latestCheck(dataset: "raw.orders", name: "volume") == nil)
            try w.recordCheck(check(.pass, at: 0, message: "12,400 rows"))
            try w.recordCheck(check(.fail, at: 3_600, message: "rows dropped 92%"))
            // An older result arriving late does not replace the newer one.
            try w.recordCheck(check(.pass, at: 1_800, message: "late"))
            #expect(try w.latestCheck(dataset: "raw.orders", name: "volume") == check(.fail, at: 3_600, message: "rows dropped 92%"))
            #expect(try w.latestCheck(dataset: "raw.orders", name: "schema") == nil)
        }
    }

    /// `history: false` moves the latest result and leaves the pass-rate history alone.
    @Test func aResultCanSkipTheHistory() throws {
        let store = try freshStore()
        try store.write { w in
            try w.recordCheck(check(.pass, at: 0, message: "a"))
            try w.recordCheck(check(.pass, at: 60, message: "b"), history: false)
            #expect(try w.latestCheck(dataset: "raw.orders", name: "volume")?.message == "b")
        }
        let rows = try store.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM check_results") }
        #expect(rows == 1)
    }

    @Test func theNewestEventOfAKind() throws {
        let store = try freshStore()
        func event(_ kind: DatasetEvent.Kind, at offset: TimeInterval, _ text: String) -> DatasetEvent {
            DatasetEvent(dataset: "raw.orders", at: t(offset), kind: kind, text: text, source: "wh")
        }
        try store.write { w in
            #expect(try w.latestDatasetEvent(dataset: "raw.orders", kind: .schemaChange) == nil)
            try w.appendDatasetEvent(event(.schemaChange, at: 0, "column a added (text, nullable)"))
            try w.appendDatasetEvent(event(.schemaChange, at: 60, "column b removed"))
            try w.appendDatasetEvent(event(.volumeChange, at: 120, "rows dropped 92%"))
            #expect(try w.latestDatasetEvent(dataset: "raw.orders", kind: .schemaChange) == event(.schemaChange, at: 60, "column b removed"))
            #expect(try w.latestDatasetEvent(dataset: "raw.orders", kind: .volumeChange)?.text == "rows dropped 92%")
            #expect(try w.latestDatasetEvent(dataset: "raw.other", kind: .schemaChange) == nil)
        }
        // Without a kind, every event, newest first.
        #expect(try store.datasetEvents(dataset: "raw.orders").map(\.kind) == [.volumeChange, .schemaChange, .schemaChange])
    }
}
