import Foundation
import VigilCore

extension VigilConfiguration {
    /// The source that measures a dataset's freshness: the one it names; else, when it has `loaded_at`, the only
    /// postgres source there is (a dataset with loaded_at and several postgres sources must name one); else nil.
    public func measuringSource(of dataset: DatasetConfig) -> String? {
        if let source = dataset.source { return source }
        guard dataset.loadedAt != nil else { return nil }
        let warehouses = sources.filter { $0.kind == .postgres }
        return warehouses.count == 1 ? warehouses[0].name : nil
    }

    /// Datasets a warehouse source reads max(loaded_at) of: those it measures that have a loaded_at column.
    public func datasets(measuredBy source: String) -> [DatasetConfig] {
        datasets.filter { $0.loadedAt != nil && measuringSource(of: $0) == source }
    }

    /// The postgres source a dbt source builds into: the one its `warehouse:` names, else the only postgres source
    /// there is; nil otherwise (its datasets then have no identity).
    public func warehouse(of dbt: SourceConfig) -> SourceConfig? {
        let warehouses = sources.filter { $0.kind == .postgres }
        if let name = dbt.warehouse { return warehouses.first { $0.name == name } }
        return warehouses.count == 1 ? warehouses[0] : nil
    }
}
