import Foundation
import Testing
@testable import VigilUI
import VigilTestSupport

/// Mutated copies of the shipped themes: each one loads, or is refused with a `ThemeError` that names the file.
/// Never a crash, a hang or another kind of error.
@Suite(.timeLimit(.minutes(2))) struct ThemeFuzzTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes")

    static func seeds() throws -> [(name: String, bytes: [UInt8])] {
        try FuzzSettings.seeds(in: folder) { $0.hasSuffix(".yaml") }
    }

    @Test func mutatedThemesLoadOrNameTheFile() throws {
        let seeds = try Self.seeds()
        #expect(seeds.count == 4)
        var mutator = Mutator(seed: FuzzSettings.seed, format: .yaml)
        let cases = mutator.cases(from: seeds, count: FuzzSettings.count(600))
        var refused = 0
        for fuzzCase in cases {
            FuzzWatchdog.guarding(fuzzCase.label) {
                let source = "themes/" + fuzzCase.seedName
                do {
                    let theme = try ThemeLoader.parse(yaml: fuzzCase.text, name: "fuzzed", source: source)
                    #expect(theme.name == "fuzzed", "\(fuzzCase.label)")
                } catch let error as ThemeError {
                    refused += 1
                    #expect(error.source == source && error.description.hasPrefix(source), "\(fuzzCase.label) -> \(error)")
                    #expect(!error.description.unicodeScalars.contains { $0.properties.generalCategory == .control },
                            "\(fuzzCase.label) -> \(error)")
                } catch {
                    Issue.record("\(fuzzCase.label): untyped error \(type(of: error)): \(error)")
                }
            }
        }
        #expect(refused > cases.count / 4)
    }

    /// Through the file, as `--theme PATH` reads it: raw bytes, so invalid UTF-8 reaches the loader.
    @Test func mutatedThemeFilesLoadOrNameTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-theme-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var mutator = Mutator(seed: FuzzSettings.seed &+ 1, format: .yaml)
        for fuzzCase in mutator.cases(from: try Self.seeds(), count: FuzzSettings.count(100)) {
            try FuzzWatchdog.guarding(fuzzCase.label) {
                let path = dir.appendingPathComponent(fuzzCase.seedName).path
                try fuzzCase.data.write(to: URL(fileURLWithPath: path))
                do {
                    // No search path: a parent named by `inherits:` is not found, which must be reported at that line.
                    _ = try ThemeLoader.load(named: path, searchPaths: [])
                } catch let error as ThemeError {
                    #expect(error.description.hasPrefix(path), "\(fuzzCase.label) -> \(error)")
                } catch {
                    Issue.record("\(fuzzCase.label): untyped error \(type(of: error)): \(error)")
                }
            }
        }
    }
}
