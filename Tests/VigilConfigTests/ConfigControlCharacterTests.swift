import Testing
@testable import VigilConfig

/// Found by ConfigFuzzTests: a tab inside a key printed as an invisible gap ("unknown key 'w	arn_after'"), and a
/// raw control character gave Yams' two-line message, echoing the character, with no line.
@Suite struct ConfigControlCharacterTests {
    @Test func aTabInAKeyIsShownAsAnEscape() throws {
        let p = try #require(problems("theme: default\nre\tad_only: true\n").first)
        #expect(p.field == "re\tad_only")
        #expect(p.description == "\(testFile):2: re\\tad_only: unknown key 're\\tad_only' (did you mean 'read_only'?)")
    }

    @Test func aRawControlCharacterNamesItsLineWithoutEchoingIt() throws {
        let found = problems("theme: default\nuser: al\u{1B}[2Jice\n")
        #expect(found.count == 1)
        let p = try #require(found.first)
        #expect(p.line == 2)
        #expect(p.message == "invalid YAML: control characters are not allowed")
        #expect(p.hint?.hasPrefix("delete it") == true)
        #expect(!p.description.contains("\u{1B}") && !p.description.contains("\n"))
    }

    /// In runbook front matter, the line is the Markdown file's.
    @Test func inFrontMatterTheLineIsTheFilesLine() throws {
        let parsed = RunbookDocument.parse("---\ntitle: T\nseverity: se\u{7}v2\n---\n- [ ] step\n", id: "r", file: "r.md")
        let p = try #require(parsed.problems.first)
        #expect(p.line == 3 && p.file == "r.md")
        #expect(!p.description.contains("\u{7}"))
    }
}
