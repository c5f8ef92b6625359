import Foundation
import Testing
@testable import VigilConfig
import VigilTestSupport

/// Mutated copies of real configs (the starter `vigil init` writes, with its examples switched on, and the full
/// example of ValidConfigTests): each one parses, or yields problems that all name the file, with a line inside
/// it. Never a crash, a hang or an empty list of problems.
@Suite(.timeLimit(.minutes(2))) struct ConfigFuzzTests {
    static let seeds: [(name: String, bytes: [UInt8])] = [
        ("starter", Array(StarterConfig.text.utf8)),
        ("starter-with-examples", Array(StarterConfig.textWithExamples.utf8)),
        ("full", Array(ValidConfigTests.full.utf8)),
    ]

    @Test func seedsAreRealConfigs() throws {
        for seed in Self.seeds { _ = try parsed(String(decoding: seed.bytes, as: UTF8.self)) }
        #expect(try parsed(StarterConfig.textWithExamples).sources.count == 6)
    }

    @Test func mutatedConfigsParseOrNameTheFileAndLine() {
        var mutator = Mutator(seed: FuzzSettings.seed, format: .yaml)
        let cases = mutator.cases(from: Self.seeds, count: FuzzSettings.count(600))
        var refused = 0
        for fuzzCase in cases {
            FuzzWatchdog.guarding(fuzzCase.label) {
                let text = fuzzCase.text
                switch ConfigLoader.parse(yaml: text, file: testFile, environment: testEnvironment) {
                case .success:
                    break
                case let .failure(invalid):
                    refused += 1
                    expectUsable(invalid.problems, file: testFile, lines: lineCount(text), fuzzCase)
                }
            }
        }
        #expect(refused > cases.count / 4)
    }

    /// Through the file, as `vigil check` reads it: raw bytes, so invalid UTF-8 and NUL reach the loader.
    @Test func mutatedConfigFilesLoadOrNameTheFile() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/vigil.yaml"
        var mutator = Mutator(seed: FuzzSettings.seed &+ 1, format: .yaml)
        for fuzzCase in mutator.cases(from: Self.seeds, count: FuzzSettings.count(100)) {
            try FuzzWatchdog.guarding(fuzzCase.label) {
                try fuzzCase.data.write(to: URL(fileURLWithPath: path))
                do throws(InvalidConfiguration) {
                    _ = try ConfigLoader.load(path: path, environment: testEnvironment)
                } catch {
                    expectUsable(error.problems, file: path, lines: lineCount(fuzzCase.text), fuzzCase)
                }
            }
        }
    }

    private func lineCount(_ text: String) -> Int { yamlLineCount(text) }
}

/// Problems a user can act on: at least one, each naming the file, a line inside it (when there is one), and a
/// message, printed on one line with no control characters.
func expectUsable(_ problems: [ConfigProblem], file: String, lines: Int, _ fuzzCase: Mutator.Case,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!problems.isEmpty, "\(fuzzCase.label): refused without a problem", sourceLocation: sourceLocation)
    for problem in problems {
        #expect(problem.file == file, "\(fuzzCase.label) -> \(problem)", sourceLocation: sourceLocation)
        #expect(problem.line.map { (1...max(1, lines + 1)).contains($0) } ?? true,
                "\(fuzzCase.label): line outside the file -> \(problem)", sourceLocation: sourceLocation)
        #expect(!problem.message.isEmpty, "\(fuzzCase.label)", sourceLocation: sourceLocation)
        // Printed to a terminal as one FILE:LINE: line: no control character may get through.
        #expect(!problem.description.unicodeScalars.contains { $0.properties.generalCategory == .control },
                "\(fuzzCase.label) -> \(problem)", sourceLocation: sourceLocation)
    }
}
