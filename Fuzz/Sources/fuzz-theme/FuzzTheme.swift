import Foundation
import FuzzDriver
import VigilUI

/// One input: a theme file. It loads, or is refused with a ThemeError naming the file, on one line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTheme(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = fuzzText(bytes, count)
    do {
        _ = try ThemeLoader.parse(yaml: text, name: "fuzz", source: "themes/fuzz.yaml")
    } catch let error as ThemeError {
        guard error.source == "themes/fuzz.yaml",
              !error.description.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { fatalError("unusable error: \(error.description.debugDescription)") }
    } catch {
        fatalError("untyped error: \(error)")
    }
    return 0
}

/// SwiftPM links an executable's entry point as `main`; this one hands over to libFuzzer.
@_cdecl("fuzz_theme_main")
public func fuzzThemeMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(fuzzTheme)
}
