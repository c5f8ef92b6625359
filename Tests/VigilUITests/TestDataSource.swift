import Foundation
@testable import VigilCore
@testable import VigilUI

/// A console data source for tests: a snapshot that can be replaced between reads (as a collector's writes would),
/// reads that can be made to fail, and a warehouse's activity for the source named "warehouse".
final class TestDataSource: ConsoleDataSource {
    var current: PlatformSnapshot
    var activity: WarehouseActivity?
    /// What every run's task list holds.
    var tasks: [TaskInstance] = []
    var failing = false
    /// Only the snapshot fails (the change token still reads), like a row the store cannot decode.
    var snapshotFails = false
    var token: Int64 = 1

    struct Unreadable: Error, CustomStringConvertible { var description: String { "disk I/O error" } }

    init(_ snapshot: PlatformSnapshot, activity: WarehouseActivity? = nil) {
        current = snapshot
        self.activity = activity
    }

    func changeToken() throws -> Int64 {
        if failing { throw Unreadable() }
        return token
    }
    func snapshot() throws -> PlatformSnapshot {
        if failing || snapshotFails { throw Unreadable() }
        return current
    }
    /// What every pipeline's run list holds.
    var runs: [PipelineRun] = []
    func runs(source: String, pipelineID: String) throws -> [PipelineRun] { runs }
    func taskInstances(source: String, pipelineID: String, runID: String) throws -> [TaskInstance] { tasks }
    func freshnessHistory(dataset: String, since: Date) throws -> [FreshnessSample] { [] }
    func warehouseActivity(source: String) throws -> WarehouseActivity? { source == "warehouse" ? activity : nil }
}

extension ConsoleDriver {
    /// A console over a test source, its first read done (as a terminal's first frames would show).
    init(_ source: TestDataSource, pane: Pane = .health, sink: ConsoleActionSink? = nil, width: Int = 120, height: Int = 30) {
        self.init(data: source, pane: pane, incidents: sink, width: width, height: height)
    }

    /// The current frame as text.
    var text: String { TextSnapshot.render(frame()) }
}
