import Foundation

/// Samples of one measured thing, in seconds, with the percentiles the benchmark prints.
public struct Timings: Sendable {
    public var name: String
    public var samples: [Double]

    public init(_ name: String, _ samples: [Double] = []) {
        self.name = name
        self.samples = samples
    }

    /// Nearest-rank percentile (p in 0...1); 0 when there are no samples.
    public func percentile(_ p: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(sorted.count - 1, Swift.max(0, rank))]
    }

    public var p50: Double { percentile(0.5) }
    public var p99: Double { percentile(0.99) }
    public var max: Double { samples.max() ?? 0 }

    /// Runs `body` and adds its duration (monotonic clock).
    @discardableResult
    public mutating func measure<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        return value
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1_000) }

    /// "name   p50 1.23 ms  p99 2.34 ms  max 3.45 ms  (n=200)"
    public var line: String {
        "\(name.padding(toLength: 34, withPad: " ", startingAt: 0)) p50 \(Self.ms(p50).leftPadded(10))  "
            + "p99 \(Self.ms(p99).leftPadded(10))  max \(Self.ms(max).leftPadded(10))  (n=\(samples.count))"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
