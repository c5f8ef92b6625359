import Foundation
import VigilCore

/// What the console reads. The executable adapts the store to it; the UI never talks to a source.
public protocol ConsoleDataSource: AnyObject {
    /// Cheap token that changes whenever the underlying data changed.
    func changeToken() throws -> Int64
    func snapshot() throws -> PlatformSnapshot
    func runs(source: String, pipelineID: String) throws -> [PipelineRun]
    func taskInstances(source: String, pipelineID: String, runID: String) throws -> [TaskInstance]
    func freshnessHistory(dataset: String, since: Date) throws -> [FreshnessSample]
    /// What a warehouse source last saw of its database (sessions, statements, tables); nil for other kinds.
    func warehouseActivity(source: String) throws -> WarehouseActivity?
    /// A dataset's events (schema changes, removals), newest first.
    func datasetEvents(dataset: String) throws -> [DatasetEvent]
    /// Incidents opened since `since`, resolved ones included (standup's MTTR trend, change failure rate and alert
    /// precision). A requirement, not only an extension method: called through `any ConsoleDataSource`, an
    /// extension-only method would always be the snapshot's default below, never the store's.
    func incidentHistory(since: Date) throws -> [Incident]
}

extension ConsoleDataSource {
    public func warehouseActivity(source: String) throws -> WarehouseActivity? { nil }
    public func datasetEvents(dataset: String) throws -> [DatasetEvent] { [] }
    /// Incidents opened since `since`, resolved ones included (standup's MTTR trend); the snapshot's by default.
    public func incidentHistory(since: Date) throws -> [Incident] { try snapshot().incidents.map(\.incident) }
}
