import Foundation
import Testing
import VigilCore
@testable import VigilStore
import VigilTestSupport

/// A write by one process is seen by another's change token without polling the database: PostgreSQL's NOTIFY wakes
/// the feed; SQLite's token follows the file. Two Store instances stand for two machines.
@Suite struct ChangeFeedTests {
    @Test func anotherStoreSeesAWriteAtOnce() throws {
        try TestStore.two { writer, reader in try seesWrites(writer, reader) }
    }

    func seesWrites(_ writer: Store, _ reader: Store) throws {
        let before = try reader.changeToken()
        var latencies: [TimeInterval] = []
        for i in 0..<20 {
            let seen = try reader.changeToken()
            let wrote = Date()
            try writer.write { try $0.setMeta("tick", String(i)) }
            let next = try #require(try reader.waitForChange(from: seen, timeout: 5), "write \(i) seen within 5 s")
            latencies.append(Date().timeIntervalSince(wrote))
            #expect(next != seen)
        }
        #expect(try reader.changeToken() != before)
        // Not a benchmark (scripts/bench measures it): a bound that only a missing wake-up could break.
        #expect(latencies.sorted()[latencies.count / 2] < 1, "median \(latencies.sorted()[latencies.count / 2]) s")
    }
}
