import Foundation
import VigilCore
import VigilStore

/// `vigil-dev bench metrics`: what one `/metrics` scrape costs on a large store: the store's snapshot, the rendering
/// of it, and both together (what a scrape does, less HTTP), against issue 14's target.
public struct MetricsBenchmark {
    public static let target: TimeInterval = 0.100
    public static let defaultMaxDatasets = MetricsExposition.defaultMaxDatasets
    public var store: Store
    public var repeats = 10
    public var maxDatasets = defaultMaxDatasets

    public init(store: Store) { self.store = store }

    public struct Figures: Sendable {
        public var snapshot: Timings
        public var render: Timings
        public var scrape: Timings
        public var datasets: Int
        public var pipelines: Int
        public var bytes: Int
        public var series: Int
    }

    public func run() throws -> Figures {
        let first = try store.snapshot()
        let text = MetricsExposition.render(first, maxDatasets: maxDatasets)
        var snapshot = Timings("snapshot (Store.snapshot)")
        var render = Timings("render (MetricsExposition)")
        var scrape = Timings("scrape (snapshot + render)")
        for _ in 0..<max(1, repeats) {
            let s = try snapshot.measure { try store.snapshot() }
            _ = render.measure { MetricsExposition.render(s, maxDatasets: maxDatasets) }
            _ = try scrape.measure { MetricsExposition.render(try store.snapshot(), maxDatasets: maxDatasets) }
        }
        let series = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.count
        return Figures(snapshot: snapshot, render: render, scrape: scrape, datasets: first.datasets.count,
                       pipelines: first.pipelines.count, bytes: text.utf8.count, series: series)
    }
}
