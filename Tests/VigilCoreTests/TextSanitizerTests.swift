import Testing
@testable import VigilCore

@Suite struct SanitizerTests {
    /// Hostile input and what must remain of it.
    @Test(arguments: [
        ("\u{1B}[2J", ""),                                            // clear screen
        ("a\u{1B}[31mred\u{1B}[0mb", "aredb"),                        // SGR colours
        ("x\u{1B}[?1049hy", "xy"),                                    // private-mode CSI
        ("\u{1B}]52;c;SGVsbG8=\u{07}ok", "ok"),                       // OSC 52 clipboard write, BEL-terminated
        ("\u{1B}]52;c;SGVsbG8=\u{1B}\\ok", "ok"),                     // ... ST-terminated
        ("\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\", "click"), // OSC 8 hyperlink
        ("\u{1B}]0;pwned title\u{07}dag", "dag"),                     // window title
        ("\u{1B}P1$r0m\u{1B}\\after", "after"),                       // DCS
        ("\u{1B}_hidden apc\u{1B}\\v", "v"),                          // APC
        ("\u{1B}^pm\u{1B}\\v", "v"), ("\u{1B}Xsos\u{1B}\\v", "v"),    // PM, SOS
        ("\u{9B}2J", ""), ("a\u{9B}31mb", "ab"),                      // 8-bit CSI
        ("\u{9D}52;c;AAAA\u{07}z", "z"), ("\u{9D}0;t\u{9C}z", "z"),    // 8-bit OSC
        ("\u{90}payload\u{9C}z", "z"),                                // 8-bit DCS
        ("\u{1B}(Bz", "z"), ("\u{1B}7z\u{1B}8", "z"), ("\u{1B}cz", "z"), // short ESC sequences
        ("tail\u{1B}", "tail"), ("tail\u{1B}[12;", "tail"),           // truncated at the end
        ("tail\u{1B}]52;c;AAAA", "tail"), ("tail\u{1B}P1$", "tail"),
        ("a\u{1B}\u{1B}[1mb", "ab"),                                  // ESC ESC
        ("a\u{1B}[1\nb", "a\nb"),                                     // control aborts a CSI and is then handled
        ("\u{202E}gnp.exe", "gnp.exe"),                               // RLO
        ("a\u{2066}b\u{2069}c\u{200E}\u{200F}\u{061C}d\u{202A}\u{202C}", "abcd"),
        ("pass\u{200B}word", "password"), ("a\u{200C}b\u{2060}c\u{FEFF}d\u{00AD}e", "abcde"),
        ("x\u{200D}y", "xy"),                                         // ZWJ outside emoji
        ("bell\u{07}back\u{08}space\u{7F}nul\u{0}", "bellbackspacenul"),
        ("col\tumn", "col umn"),
        ("line1\r\nline2\rline3\nline4", "line1\nline2\nline3\nline4"),
        ("a\u{85}b\u{2028}c", "a\nb\nc"),
        ("c1\u{80}\u{8D}\u{91}ok", "c1ok"),                        // other C1 controls
    ])
    func hostileInputIsDefused(input: String, expected: String) {
        #expect(TextSanitizer.clean(input) == expected)
    }

    @Test(arguments: [
        "plain ascii: dag_id=etl.daily-load",
        "日本語のテキスト", "한국어", "café", "e\u{301}\u{302}", "Ωμέγα", "עברית", "العربية",
        "👩\u{200D}💻 deploy", "👨\u{200D}👩\u{200D}👧", "🇫🇷🇯🇵", "❤\u{FE0F}", "1\u{FE0F}\u{20E3}", "👍🏽",
        "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}", // flag of England: tag sequence
        "⚠ ✓ ✗ ● ○ ▲ ─│┌┐", "",
    ])
    func legitimateTextSurvivesUnchanged(text: String) {
        #expect(TextSanitizer.clean(text) == text)
        #expect(TextSanitizer.singleLine(text) == text)
    }

    @Test func cleanedOutputHasNoControlsOrEscapes() {
        let nasty = "\u{1B}[1;31mERR\u{1B}[0m \u{9B}K\u{1B}]8;;x\u{07}l\u{1B}]8;;\u{07} \u{202E}\u{0}\u{1B}"
        let out = TextSanitizer.clean(nasty)
        #expect(out == "ERR l ")
        #expect(!out.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func invalidUTF8BecomesReplacementCharacter() {
        #expect(TextSanitizer.clean(bytes: [0x61, 0xFF, 0x62]) == "a\u{FFFD}b")
        #expect(TextSanitizer.clean(bytes: [0x61, 0xE6, 0x97]) == "a\u{FFFD}")    // truncated multi-byte
        #expect(TextSanitizer.clean(bytes: [0xC0, 0x80]).allSatisfy { $0 == "\u{FFFD}" }) // overlong NUL
        #expect(TextSanitizer.clean(bytes: Array("ok 日本\u{1B}[2J".utf8)) == "ok 日本")
        // A raw 8-bit CSI byte is not UTF-8, so it cannot act as CSI once decoded.
        #expect(TextSanitizer.clean(bytes: [0x9B, 0x32, 0x4A]) == "\u{FFFD}2J")
    }

    @Test func singleLineMarksAndCollapsesBreaks() {
        #expect(TextSanitizer.singleLine("a\nb") == "a ⏎ b")
        #expect(TextSanitizer.singleLine("a\r\n\r\n\nb") == "a ⏎ b")
        #expect(TextSanitizer.singleLine("a  \n  b") == "a ⏎ b")
        #expect(TextSanitizer.singleLine("error: boom\n") == "error: boom")
        #expect(TextSanitizer.singleLine("\n\nstart") == "start")
        #expect(TextSanitizer.singleLine("  indented\tkept") == "  indented kept")
        #expect(TextSanitizer.singleLine("x\u{1B}[2K\ry") == "x ⏎ y")
        #expect(!TextSanitizer.singleLine("1\n2\r3\u{85}4\u{2028}5").contains("\n"))
    }

    /// What collectors store (a source's last error, a check's message): one bounded line. Escape sequences go
    /// with their payload, as on screen (the collectors' own copy used to turn ESC into a space and keep "[31m").
    @Test func collapsedIsOneBoundedLine() {
        let text = TextSanitizer.collapsed("line one\nline two\u{1B}[31m red\t" + String(repeating: "x", count: 1000))
        #expect(text.hasPrefix("line one line two red xxx"))
        #expect(text.count == 300 && text.hasSuffix("…"))
        #expect(TextSanitizer.collapsed("FATAL:  ***\n  DETAIL: \u{1B}[31mred\u{07}", limit: 40) == "FATAL: *** DETAIL: red")
        #expect(TextSanitizer.collapsed("  \r\n a \u{85}\u{2028} b\n") == "a b")
        #expect(TextSanitizer.collapsed(String(repeating: "x", count: 500), limit: 10) == String(repeating: "x", count: 9) + "…")
        #expect(TextSanitizer.collapsed("\u{202E}gnp.exe \u{1B}]52;c;AAAA\u{07}ok") == "gnp.exe ok")
        #expect(TextSanitizer.collapsed("日本語 café 👩\u{200D}💻") == "日本語 café 👩\u{200D}💻")
    }

    /// Messages quoting the user's own file show its controls as escapes, so the user can find them.
    @Test func escapingControlsShowsThemInstead() {
        #expect(TextSanitizer.escapingControls("key\tname\n") == "key\\tname\\n")
        #expect(TextSanitizer.escapingControls("a\u{1B}[2Jb\r") == "a\\u{1B}[2Jb\\r")
        #expect(TextSanitizer.escapingControls("c1\u{9B}") == "c1\\u{9B}")
        #expect(TextSanitizer.escapingControls("plain 日本語") == "plain 日本語")
    }
}
