import Foundation
import Testing
@testable import VigilStore

/// SQLite keeps using an open file after its path is deleted or pointed elsewhere; the store must notice.
@Suite struct FileReplacedTests {
    @Test func deletedFileIsReportedOnTheNextPollAndWrite() throws {
        try withTempDirectory { dir in
            let path = storeFile(in: dir)
            let store = try Store(path: path)
            try store.write { try $0.setMeta("owner", "collector") }
            #expect(throws: Never.self) { try store.changeToken() }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            expectReplaced(path) { _ = try store.changeToken() }
            expectReplaced(path) { try store.write { try $0.setMeta("owner", "ghost") } }
            #expect(!FileManager.default.fileExists(atPath: path), "the failed write must not bring the path back")
        }
    }

    @Test func fileReplacedByAnotherStoreIsReported() throws {
        try withTempDirectory { dir in
            let path = storeFile(in: dir)
            let store = try Store(path: path)
            let other = dir.appendingPathComponent("other.db").path
            try Store(path: other).write { try $0.setMeta("owner", "other") }
            #expect(rename(other, path) == 0)
            expectReplaced(path) { _ = try store.changeToken() }
            expectReplaced(path) { try store.write { try $0.setMeta("owner", "stale") } }
        }
    }

    @Test func errorNamesThePathAndTheFix() {
        let text = StoreError.replaced(path: "/srv/vigil.db").description
        #expect(text.contains("/srv/vigil.db"))
        #expect(text.contains("deleted or replaced"))
        #expect(text.contains("restart"))
    }

    private func expectReplaced(_ path: String, _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: StoreError.self, sourceLocation: sourceLocation) { try body() }
        guard case .replaced(let reported)? = error else {
            Issue.record("expected .replaced, got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        #expect(reported == path, sourceLocation: sourceLocation)
    }
}
