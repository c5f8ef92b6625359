import Testing
import VigilApp
import VigilConfig
import VigilCore

/// What `vigil runbook list|show|check` print, from libraries built in memory.
struct RunbookTextTests {
    private let stale = Runbook(
        id: "stale-tier1-table", title: "Stale tier-1 table",
        steps: [RunbookStep(title: "Confirm the staleness", detail: "Check the lag.\n  select 1;", command: "vigil why <dataset>"),
                RunbookStep(title: "Tell the owners")],
        appliesTo: [.tier(1), .dataset("raw.*")], severity: .sev2, sourcePath: "runbooks/stale-tier1-table.md")

    @Test func listHasOneAlignedRowPerRunbook() {
        let byHand = Runbook(id: "x", title: "By hand", steps: [RunbookStep(title: "Look")])
        let text = RunbookText.list(RunbookLibrary(directory: "runbooks", runbooks: [stale, byHand]))
        #expect(text == """
            ID                 STEPS  SEVERITY  TITLE               APPLIES TO
            stale-tier1-table  2      SEV2      Stale tier-1 table  tier 1, dataset raw.*
            x                  1      -         By hand             (nothing: attached by hand)
            """)
    }

    @Test func showNumbersStepsWithDetailCodeAndCommand() {
        #expect(RunbookText.show(stale) == """
            Stale tier-1 table
            id stale-tier1-table · severity SEV2 · runbooks/stale-tier1-table.md
            applies to: tier 1, dataset raw.*

            1. Confirm the staleness
               Check the lag.
                 select 1;
               $ vigil why <dataset>

            2. Tell the owners
            """)
    }

    @Test func showStripsEscapesAndControlsFromEveryField() {
        let evil = Runbook(id: "e\u{1B}[2J", title: "Red\u{1B}[31m title\u{07}",
                           steps: [RunbookStep(title: "Step\u{1B}]0;pwned\u{07}", detail: "a\u{1B}[1Ab", command: "echo \u{1B}[8mhidden")],
                           appliesTo: [.dataset("raw\u{1B}[0m.*")])
        let text = RunbookText.show(evil)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(text.contains("1. Step"))
        #expect(text.contains("$ echo hidden"))
    }

    @Test func checkPrintsFileLineMessageHintAndASummary() {
        let problems = [
            ConfigProblem(file: "runbooks/a.md", line: 4, field: "applies_to[1].tier", message: "tier 5 is outside 1-3", hint: "1 is the most critical"),
            ConfigProblem(file: "runbooks/b.md", line: 9, message: "fenced block opened here is never closed"),
        ]
        let broken = RunbookText.check(RunbookLibrary(directory: "runbooks", problems: problems, fileCount: 3))
        #expect(!broken.clean)
        #expect(broken.text == """
            runbooks/a.md:4: applies_to[1].tier: tier 5 is outside 1-3 (1 is the most critical)
            runbooks/b.md:9: fenced block opened here is never closed
            2 problems in 2 files of runbooks
            """)
        let fine = RunbookText.check(RunbookLibrary(directory: "runbooks", runbooks: [stale], fileCount: 1))
        #expect(fine.clean)
        #expect(fine.text == "runbooks: 1 runbook, 2 steps, no problems")
    }
}
