import Foundation
import VigilCollectors
import VigilConfig
import VigilStore

/// A dbt project's target directory, re-read when its artifacts change.
final class DbtSourceCollector: SourceCollector {
    let name: String
    let interval: TimeInterval
    private let collector: DbtCollector
    private let store: Store

    init(config: SourceConfig, targetDir: String, warehouse: PostgresLocation?, store: Store) {
        name = config.name
        interval = config.interval
        self.store = store
        collector = DbtCollector(store: store, sourceName: config.name, targetDir: targetDir, warehouse: warehouse)
    }

    func poll() -> String {
        do {
            switch try collector.poll() {
            case .unchanged: return "\(name): dbt artifacts unchanged"
            case .updated(let s):
                let warning = s.warning.map { " (warning: \($0))" } ?? ""
                let checks = s.checks > 0 ? ", \(s.checks) test results" : ""
                return "\(name): dbt run \(s.runID) of \(s.pipelineID): \(s.taskInstances) nodes, \(s.datasets) datasets\(checks)\(warning)"
            case .failed(let error): return "\(name): \(error)"
            }
        } catch {
            return "\(name): could not write the store: \(error)"
        }
    }
}
