import Foundation
import VigilStore

/// `vigil-dev bench feed`: how soon a write by one process is seen by another's change token — what decides how soon
/// a console on another machine shows a change (add the console's 250 ms input poll at most, then its read). Two
/// `Store`s on one store stand for the two machines: on PostgreSQL the reader's token comes by LISTEN/NOTIFY, on a
/// SQLite file from the file's change counter.
public struct ChangeFeedBenchmark {
    /// Issue 16: p99 on loopback under 200 ms.
    public static let target: TimeInterval = 0.2

    public var path: String
    public var writes = 200

    public init(path: String) { self.path = path }

    public func run() throws -> Timings {
        let writer = try Store(path: path), reader = try Store(path: path)
        var seen = try reader.changeToken()
        var timings = Timings("write seen by another store")
        for i in 0..<writes {
            let next: Int64? = try timings.measure {
                try writer.write { try $0.setMeta("bench_feed", String(i)) }
                return try reader.waitForChange(from: seen, timeout: 10)
            }
            guard let next else { throw BenchError("write \(i) not seen within 10 s") }
            seen = next
            // Spread the writes out, as people and passes do (and not always on the same poll phase).
            Thread.sleep(forTimeInterval: 0.005 + Double(i % 7) * 0.003)
        }
        try writer.write { try $0.setMeta("bench_feed", nil) }
        return timings
    }
}

/// A benchmark that could not measure what it set out to (one for every benchmark).
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
