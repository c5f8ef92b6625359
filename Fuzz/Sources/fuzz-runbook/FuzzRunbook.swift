import Foundation
import FuzzDriver
import VigilConfig
import VigilTestSupport

/// One input: a runbook. It reads as a runbook with no problems, or as problems (at least one) that each name the
/// file and a line inside it; never both, never neither.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRunbook(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = fuzzText(bytes, count)
    let lines = yamlLineCount(text)
    let parsed = RunbookDocument.parse(text, id: "fuzz", file: "runbooks/fuzz.md")
    guard (parsed.runbook == nil) != parsed.problems.isEmpty else {
        fatalError("runbook and problems disagree: \(parsed.problems)")
    }
    for problem in parsed.problems {
        guard problem.file == "runbooks/fuzz.md", (problem.line ?? 1) >= 1, (problem.line ?? 1) <= lines + 1,
              !problem.description.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { fatalError("unusable problem: \(problem.description.debugDescription)") }
    }
    return 0
}

/// SwiftPM links an executable's entry point as `main`; this one hands over to libFuzzer.
@_cdecl("fuzz_runbook_main")
public func fuzzRunbookMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(fuzzRunbook)
}
