import Foundation
import VigilCollectors
import VigilConfig

/// A PostgreSQL warehouse: dataset freshness and activity over one read-only session kept between polls.
/// The next poll comes after the collector's own backoff-aware delay.
final class PostgresSourceCollector: SourceCollector {
    let name: String
    private let collector: PostgresCollector

    init(config: SourceConfig, collector: PostgresCollector) {
        name = config.name
        self.collector = collector
    }

    var interval: TimeInterval { collector.nextDelay }

    func poll() -> String {
        switch collector.poll() {
        case .updated(let s):
            let statements = s.statements.map { ", \($0) statements" } ?? ""
            let problems = s.problems.isEmpty ? "" : " (" + s.problems.joined(separator: "; ") + ")"
            let notes = s.notes.isEmpty ? "" : " [note: " + s.notes.joined(separator: "; ") + "]"
            return "\(name): \(s.health.rawValue), \(s.datasetsMeasured) datasets measured, \(s.sessions) sessions "
                + "worth attention\(statements), \(s.tables) tables\(problems)\(notes)"
        case .failed(let error): return "\(name): \(error); next try in \(Int(collector.nextDelay))s"
        case .storeFailed(let reason): return "\(name): could not write the store: \(reason)"
        }
    }
}
