import Testing
@testable import VigilUI

/// Found by ThemeFuzzTests: a control character in a theme file came back as Yams' two-line message quoting the
/// raw line, so `vigil --theme` printed the escape sequence to the terminal and gave no line to look at.
@Suite struct ThemeControlCharacterTests {
    @Test func aRawEscapeIsReportedOnItsLineWithoutEchoingIt() {
        do {
            _ = try ThemeLoader.parse(yaml: "name: calm\ndescrip\u{1B}[2Jtion: x\n", name: "calm", source: "themes/calm.yaml")
            Issue.record("a control character was accepted")
        } catch let error as ThemeError {
            #expect(error.line == 2)
            #expect(error.message == "invalid YAML: control characters are not allowed")
            #expect(error.description.hasPrefix("themes/calm.yaml: invalid YAML: control characters are not allowed (line 2); delete it"))
            #expect(!error.description.contains("\u{1B}") && !error.description.contains("\n"))
        } catch {
            Issue.record("untyped error \(error)")
        }
    }

    /// YAML's "\e" escape is legal and reaches the parser as a real ESC: a message quoting it shows it instead.
    @Test func anEscapedEscapeInAKeyIsShownNotSent() {
        #expect(throws: ThemeError.self) { try ThemeLoader.parse(yaml: "\"na\\eme\": x\n", name: "t") }
        do {
            _ = try ThemeLoader.parse(yaml: "\"na\\eme\": x\n", name: "t")
        } catch {
            #expect("\(error)".hasPrefix("t.yaml: unknown key 'na\\u{1B}me' (line 1)"))
        }
    }
}
