import Testing
import VigilConfig

/// Found by scripts/fuzz runbook: lone "\r" (classic Mac line endings) ended lines for the YAML front matter but not
/// for the Markdown, so a CR-only runbook read as one line (no title, no steps) and lines disagreed.
@Suite struct RunbookLineEndingTests {
    @Test func aRunbookWithCarriageReturnLineEndingsReads() throws {
        let parsed = RunbookDocument.parse("---\rtitle: T\rseverity: sev2\r---\r- [ ] Check it\r", id: "r", file: "r.md")
        #expect(parsed.problems == [])
        let runbook = try #require(parsed.runbook)
        #expect(runbook.title == "T" && runbook.steps.map(\.title) == ["Check it"])
    }

    @Test func frontMatterAndBodyCountLinesAlike() throws {
        let parsed = RunbookDocument.parse("---\rtitle: T\r---\r- [ ]\r", id: "r", file: "r.md")
        #expect(parsed.problems.map(\.line) == [4])
        #expect(parsed.problems.first?.message == "this step has no text")
    }
}
