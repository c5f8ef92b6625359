import Foundation
import FuzzDriver
@testable import VigilCollectors

/// The captured artifacts, to map a fuzzed one against (a run's results need a manifest, and so on).
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Tests/VigilCollectorsTests/Fixtures/dbt-1.11")
private let manifest = try! DbtArtifacts.loadManifest(fixtures.appendingPathComponent("manifest.json"))
private let runResults = try! DbtArtifacts.loadRunResults(fixtures.appendingPathComponent("run_results_build.json"))
private let sources = try! DbtArtifacts.loadSources(fixtures.appendingPathComponent("sources.json"))

/// One input: a dbt artifact, read as each of the three Vigil reads and mapped where it decodes. A refusal must
/// be a DbtArtifactError naming the file; anything else is a crash libFuzzer keeps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDbt(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = fuzzData(bytes, count)
    func read<T: DbtArtifact>(_ type: T.Type, _ file: String, _ map: (T) -> Void) {
        do {
            map(try DbtArtifactDecoder.decode(type, from: data, file: file))
        } catch let error as DbtArtifactError {
            guard error.file == file, error.description.hasPrefix(file) else { fatalError("refusal does not name \(file): \(error)") }
        } catch {
            fatalError("untyped error for \(file): \(error)")
        }
    }
    read(DbtManifest.self, "manifest.json") {
        _ = DbtMapping.batch(manifest: $0, runResults: runResults, sources: sources, source: "dbt")
    }
    read(DbtRunResults.self, "run_results.json") {
        _ = DbtMapping.batch(manifest: manifest, runResults: $0, sources: sources, source: "dbt")
    }
    read(DbtSourcesResults.self, "sources.json") {
        _ = DbtMapping.batch(manifest: manifest, runResults: runResults, sources: $0, source: "dbt")
    }
    return 0
}

/// SwiftPM links an executable's entry point as `main`; this one hands over to libFuzzer.
@_cdecl("fuzz_dbt_main")
public func fuzzDbtMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(fuzzDbt)
}
