import Foundation
import Testing
@testable import VigilCollectors
import VigilTestSupport

/// Mutated copies of the captured dbt 1.11 artifacts, decoded and mapped as the collector does: each one is
/// read, or refused with a `DbtArtifactError` that names the file. Never a crash or a hang.
@Suite(.timeLimit(.minutes(5))) struct DbtFuzzTests {
    @Test func mutatedArtifactsAreReadOrRefusedNamingTheFile() throws {
        let manifest = try DbtFixtures.manifest(), runResults = try DbtFixtures.buildResults()
        let sources = try DbtFixtures.sources()
        let seeds = try FuzzSettings.seeds(in: DbtFixtures.directory) { $0.hasSuffix(".json") }
        #expect(seeds.map(\.name) == ["changes_manifest_after.json", "changes_manifest_before.json", "manifest.json",
                                      "run_results_build.json", "run_results_run_with_error.json", "sources.json"])
        // The manifest diff of a mutated manifest against the marks of a real one must not trap either.
        let marks = DbtMapping.manifestDiff(try DbtArtifacts.loadManifest(DbtFixtures.url("changes_manifest_before.json")),
                                            marks: [:], source: "dbt", now: Date(timeIntervalSince1970: 0)).marks

        var mutator = Mutator(seed: FuzzSettings.seed, format: .json)
        let cases = mutator.cases(from: seeds, count: FuzzSettings.count(300))
        var refused = 0
        for fuzzCase in cases {
            FuzzWatchdog.guarding(fuzzCase.label) {
                let file = fuzzCase.seedName
                do {
                    // The batch is what the collector writes: mapping a strange but decodable artifact must not trap.
                    let batch: DbtBatch
                    if file.hasSuffix("manifest.json") {
                        let decoded = try DbtArtifactDecoder.decode(DbtManifest.self, from: fuzzCase.data, file: file)
                        batch = DbtMapping.batch(manifest: decoded, runResults: runResults, sources: sources, source: "dbt")
                        _ = DbtMapping.manifestDiff(decoded, marks: marks, source: "dbt", now: Date(timeIntervalSince1970: 0))
                    } else if file == "sources.json" {
                        let decoded = try DbtArtifactDecoder.decode(DbtSourcesResults.self, from: fuzzCase.data, file: file)
                        batch = DbtMapping.batch(manifest: manifest, runResults: runResults, sources: decoded, source: "dbt")
                    } else {
                        let decoded = try DbtArtifactDecoder.decode(DbtRunResults.self, from: fuzzCase.data, file: file)
                        batch = DbtMapping.batch(manifest: manifest, runResults: decoded, sources: sources, source: "dbt")
                    }
                    #expect(batch.taskInstances.allSatisfy { $0.runID == batch.run.runID }, "\(fuzzCase.label)")
                } catch let error as DbtArtifactError {
                    refused += 1
                    #expect(error.file == file, "\(fuzzCase.label) -> \(error)")
                    #expect(error.description.hasPrefix(file) && !error.description.contains("\n"), "\(fuzzCase.label) -> \(error)")
                } catch {
                    Issue.record("\(fuzzCase.label): untyped error \(type(of: error)): \(error)")
                }
            }
        }
        #expect(refused > cases.count / 4)
    }
}
