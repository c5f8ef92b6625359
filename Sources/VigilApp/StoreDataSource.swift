import Foundation
import VigilCore
import VigilStore
import VigilUI

/// Adapts the store to what the console reads; the only place the UI's data comes from.
public final class StoreDataSource: ConsoleDataSource, Sendable {
    public let store: Store
    /// Fixed clock for reproducible snapshots; nil reads the store's clock (demo) or real time.
    public let fixedNow: Date?

    public init(store: Store, fixedNow: Date? = nil) {
        self.store = store
        self.fixedNow = fixedNow
    }

    public func changeToken() throws -> Int64 { try store.changeToken() }
    public func snapshot() throws -> PlatformSnapshot { try store.snapshot(now: fixedNow) }
    public func runs(source: String, pipelineID: String) throws -> [PipelineRun] { try store.runs(source: source, pipelineID: pipelineID) }
    public func taskInstances(source: String, pipelineID: String, runID: String) throws -> [TaskInstance] {
        try store.taskInstances(source: source, pipelineID: pipelineID, runID: runID)
    }
    public func freshnessHistory(dataset: String, since: Date) throws -> [FreshnessSample] {
        try store.freshnessHistory(dataset: dataset, since: since)
    }
    public func incidentHistory(since: Date) throws -> [Incident] {
        try store.incidents(openedSince: since)
    }
    public func warehouseActivity(source: String) throws -> WarehouseActivity? {
        try store.warehouseActivity(source: source)
    }
    public func datasetEvents(dataset: String) throws -> [DatasetEvent] {
        try store.datasetEvents(dataset: dataset, limit: 20)
    }
}
