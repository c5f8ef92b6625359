import Foundation
import VigilCore

extension DbtMapping {
    /// sources.json results as freshness samples: max_loaded_at as seen at snapshotted_at. A runtime error
    /// (the freshness query failed) says nothing about the data, so it yields no sample; nor does a source
    /// the manifest no longer has, since its relation name is unknown.
    static func sourceSamples(_ sources: DbtSourcesResults, project: DbtProject) -> [FreshnessSample] {
        sources.results.compactMap { result in
            guard result.status.lowercased() != "runtime error",
                  let observed = result.snapshottedAt ?? sources.metadata.generatedAt,
                  let name = project.datasetName(result.uniqueID) else { return nil }
            return FreshnessSample(dataset: name, observedAt: observed, loadedAt: result.maxLoadedAt)
        }
    }
}
