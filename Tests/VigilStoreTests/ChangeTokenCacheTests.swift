import GRDB
import Foundation
import Testing
import VigilCore
@testable import VigilStore

/// An idle console reads the change counter only when the store's files moved (or every few seconds).
@Suite struct ChangeTokenCacheTests {
    @Test func everyCommitFromAnotherConnectionMovesTheToken() throws {
        try withTempDirectory { dir in
            let path = storeFile(in: dir)
            let writer = try Store(path: path)
            let reader = try Store(path: path, readOnly: true)
            var seen = try reader.changeToken()
            #expect(try reader.changeToken() == seen, "nothing written: the same token")
            for i in 0..<20 {
                try writer.write { w in try w.upsertPipeline(Pipeline(source: "airflow", pipelineID: "p\(i)")) }
                let now = try reader.changeToken()
                #expect(now != seen, "commit \(i) seen at once")
                seen = now
            }
            // A checkpoint rewrites the main file and restarts the WAL: still no stale token.
            try writer.write { w in try w.setMeta("x", "1") }
            _ = try reader.changeToken()
            try #require(writer.database as? SQLiteEngine).writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try writer.write { w in try w.setMeta("x", "2") }
            #expect(try reader.changeToken() != seen)
        }
    }

    @Test func aRememberedTokenIsReusedOnlyForTheSameFilesAndNotForever() throws {
        try withTempDirectory { dir in
            let path = storeFile(in: dir)
            _ = try Store(path: path)
            let cache = ChangeTokenCache()
            let stamp = ChangeTokenCache.Stamp(path: path)
            let t0 = Date()
            cache.remember(7, stamp: stamp, now: t0)
            #expect(cache.token(for: stamp, now: t0.addingTimeInterval(1)) == 7)
            #expect(cache.token(for: stamp, now: t0.addingTimeInterval(ChangeTokenCache.maxAge)) == nil)
            #expect(cache.token(for: nil, now: t0) == nil)
            var moved = try #require(stamp)
            moved.wal = [1, 2, 3, 4]
            #expect(cache.token(for: moved, now: t0) == nil)
        }
    }
}
