import Foundation
import FuzzDriver
import VigilConfig
import VigilTestSupport

/// One input: a vigil.yaml. It parses, or every problem names the file, a line inside it, and prints on one line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = fuzzText(bytes, count)
    let lines = yamlLineCount(text)
    let file = "/etc/vigil/vigil.yaml"
    guard case let .failure(invalid) = ConfigLoader.parse(yaml: text, file: file, environment: ["HOME": "/home/fuzz"])
    else { return 0 }
    guard !invalid.problems.isEmpty else { fatalError("refused without a problem") }
    for problem in invalid.problems {
        guard problem.file == file, (problem.line ?? 1) >= 1, (problem.line ?? 1) <= lines + 1,
              !problem.description.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { fatalError("unusable problem: \(problem.description.debugDescription)") }
    }
    return 0
}

/// SwiftPM links an executable's entry point as `main`; this one hands over to libFuzzer.
@_cdecl("fuzz_config_main")
public func fuzzConfigMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(fuzzConfig)
}
