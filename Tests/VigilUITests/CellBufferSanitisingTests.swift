import Testing
@testable import VigilCore
@testable import VigilUI

/// The cell buffer is the last gate: text a widget forgot to clean is cleaned there.
@Suite struct CellBufferSanitisingTests {
    static let hostile = [
        "\u{1B}[2Jcleared", "\u{1B}]52;c;SGVsbG8=\u{07}clip", "\u{1B}]8;;https://evil.example\u{1B}\\link\u{1B}]8;;\u{1B}\\",
        "\u{202E}gnp.exe", "a\u{200B}b\u{2066}c", "\u{9B}2Jc1", "line1\nline2\rline3", "tab\there", "nul\u{0}bell\u{07}",
        "\u{1B}P1$r0m\u{1B}\\dcs", "\u{1B}_apc\u{1B}\\after", "x\u{200D}y", "👩\u{200D}💻 ok",
    ]

    @Test(arguments: hostile)
    func putCleansWhatItIsGiven(text: String) {
        var buffer = CellBuffer(width: 60, height: 1)
        buffer.put(text, x: 0, y: 0)
        let drawn = buffer.cells.map(\.grapheme).joined()
        #expect(!drawn.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || TextSanitizer.isRemoved($0) })
        #expect(buffer.rowText(0).trimmingCharacters(in: .whitespaces) == TextSanitizer.singleLine(text).trimmingCharacters(in: .whitespaces))
    }

    @Test func cleanTextIsKnownCleanAndHostileTextIsNot() {
        for text in ["plain ascii", "日本語", "café e\u{301}", "👍🏽 ✓ ✗ ▲", ""] {
            #expect(TextSanitizer.isClean(text))
        }
        // Joiners are decided per grapheme by `clean`, so text holding one always goes through it (emoji survive).
        for text in Self.hostile {
            #expect(!TextSanitizer.isClean(text), "\(text.debugDescription)")
        }
    }
}
