import Testing
import VigilCore
@testable import VigilConfig

/// Parsing one Markdown runbook: front matter, checklist steps, numbered-heading steps, details and commands.
struct RunbookDocumentTests {
    private func parse(_ text: String) -> RunbookParse { RunbookDocument.parse(text, id: "rb", file: "rb.md") }

    private func runbook(_ text: String) throws -> Runbook {
        let result = parse(text)
        #expect(result.problems == [])
        return try #require(result.runbook)
    }

    @Test func frontMatterGivesTitleSelectorsAndSeverity() throws {
        let rb = try runbook("""
            ---
            title: Stale tier-1 table
            severity: SEV2
            applies_to:
              - tier: 1
              - dataset: ["raw.*", "staging.*"]
              - pipeline: customer_sync
              - tag: crm
            ---
            - [ ] Look
            """)
        #expect(rb.id == "rb")
        #expect(rb.title == "Stale tier-1 table")
        #expect(rb.severity == .sev2)
        #expect(rb.sourcePath == "rb.md")
        #expect(rb.appliesTo == [.tier(1), .dataset("raw.*"), .dataset("staging.*"), .pipeline("customer_sync"), .tag("crm")])
    }

    @Test func checklistItemsAreStepsWithIndentedAndFollowingLinesAsDetail() throws {
        let rb = try runbook("""
            # Failing task

            Some intro that belongs to no step.

            - [ ] Read the log
              The last traceback line names the cause.
              Timeouts are transient.
            - [x] Decide retry or fix

              Deterministic errors need a code fix.
              - nested bullet
              - [ ] nested checklist
            - [ ] Clear the task
              ```sh
              airflow tasks clear dag -t task -y
              ```
            """)
        #expect(rb.title == "Failing task")
        #expect(rb.steps.map(\.title) == ["Read the log", "Decide retry or fix", "Clear the task"])
        #expect(rb.steps[0].detail == "The last traceback line names the cause. Timeouts are transient.")
        #expect(rb.steps[1].detail == "Deterministic errors need a code fix.\n- nested bullet\n- nested checklist")
        #expect(rb.steps[2].detail == nil)
        #expect(rb.steps[2].command == "airflow tasks clear dag -t task -y")
    }

    @Test func numberedHeadingsAreStepsWhenThereIsNoChecklist() throws {
        let rb = try runbook("""
            # Stale table

            ## 1. Confirm the staleness
            Compare the lag with the policy.

            ```bash
            vigil why raw.customers
            ```

            ```sql
            select max(updated_at) from raw.customers;
            ```

            ### Notes
            Sub-headings stay in the step.

            ### 2) Find the failed task
            ```
            airflow tasks states-for-dag-run customer_sync RUN
            ```
            ## Background
            Not a step.
            """)
        #expect(rb.steps.map(\.title) == ["Confirm the staleness", "Find the failed task"])
        #expect(rb.steps[0].command == "vigil why raw.customers")
        #expect(rb.steps[0].detail == "Compare the lag with the policy.\n  select max(updated_at) from raw.customers;\nNotes\nSub-headings stay in the step.")
        #expect(rb.steps[1].command == "airflow tasks states-for-dag-run customer_sync RUN")
        #expect(rb.steps[1].detail == nil)
    }

    @Test func checklistWinsOverNumberedHeadings() throws {
        let rb = try runbook("""
            # Both
            ## 1. Triage
            - [ ] Ack the page
            ## 2. Fix
            - [ ] Clear the task
            """)
        #expect(rb.steps.map(\.title) == ["Ack the page", "Clear the task"])
    }

    @Test func markerVariantsAndHeadingDecorations() throws {
        let checklist = try runbook("# Title ##\n* [X] Starred\n+ [ ] Plussed\n\t- [ ] tab-indented is nested\n-  [ ] not a step: two spaces\n")
        #expect(checklist.title == "Title")
        #expect(checklist.steps.map(\.title) == ["Starred", "Plussed"])
        #expect(checklist.steps[1].detail == "- tab-indented is nested\n-  [ ] not a step: two spaces")
        let headings = try runbook("# T\n## 10. Tenth ##\n#### 11) Deeper\n##5. no space is not a heading\n## 12.no space is not numbered\n")
        #expect(headings.steps.map(\.title) == ["Tenth", "Deeper"])
        #expect(headings.steps[1].detail == "##5. no space is not a heading")
    }

    @Test func onlyTheFirstShellBlockIsTheCommandAndMultiLineCommandsKeepTheirLines() throws {
        let rb = try runbook("""
            # T
            - [ ] Run two things
              ```shell
              export DAG=customer_sync
              airflow dags trigger "$DAG"

              ```
              ```sh
              echo second
              ```
            """)
        #expect(rb.steps[0].command == "export DAG=customer_sync\nairflow dags trigger \"$DAG\"")
        #expect(rb.steps[0].detail == "  echo second")
    }

    @Test func markersInsideCodeBlocksAreNotSteps() throws {
        let rb = try runbook("""
            # T
            ## 1. Only step
            ~~~
            - [ ] not a step
            ## 2. not a step either
            ~~~
            """)
        #expect(rb.steps.map(\.title) == ["Only step"])
        #expect(rb.steps[0].command == "- [ ] not a step\n## 2. not a step either")
    }

    @Test func frontMatterTitleWinsOverTheHeadingAndCRLFIsRead() throws {
        let rb = try runbook("---\r\ntitle: From front matter\r\n---\r\n# From heading\r\n- [ ] Step\r\n")
        #expect(rb.title == "From front matter")
        #expect(rb.steps == [RunbookStep(title: "Step")])
    }

    @Test func problemsNameTheFileLine() {
        let result = parse("""
            ---
            title: T
            severty: sev2
            applies_to:
              - tier: 4
              - datset: raw.*
              - dataset: ""
              - pipeline: "raw.[abc"
              - {tier: 1, tag: crm}
            severity: urgent
            ---
            - [ ] ok
            - [ ]
            ```sh
            never closed
            """)
        #expect(result.runbook == nil)
        let lines = result.problems.map { "\($0.line ?? 0): \($0.field): \($0.message)" }
        #expect(lines == [
            "3: severty: unknown key 'severty'",
            "5: applies_to[1].tier: tier 4 is outside 1-3",
            "6: applies_to[2].datset: unknown selector 'datset'",
            "7: applies_to[3].dataset: is an empty pattern",
            "8: applies_to[4].pipeline: 'raw.[abc': '[' is never closed by ']'",
            "9: applies_to[5]: holds more than one selector",
            "10: severity: 'urgent' is not a severity",
            "13: : this step has no text",
            "14: : fenced block opened here is never closed",
        ])
        #expect(result.problems[0].hint == "did you mean 'severity'?")
        #expect(result.problems[2].hint == "did you mean 'dataset'?")
    }

    @Test func badYAMLIsReportedOnItsFileLineWithAGlobHint() {
        let result = parse("""
            ---
            title: T
            applies_to:
              - pipeline: *
            ---
            - [ ] Step
            """)
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.line == 4)
        #expect(result.problems.first?.hint?.contains("quote globs") == true)
    }

    @Test func missingTitleStepsAndUnclosedFrontMatter() {
        #expect(parse("Just prose.\n").problems.map(\.message) == ["the runbook has no title", "the runbook has no steps"])
        #expect(parse("# Title\n\nProse only.\n").problems.map { "\($0.line ?? 0) \($0.message)" } == ["1 the runbook has no steps"])
        let unclosed = parse("---\ntitle: T\n- [ ] Step\n")
        #expect(unclosed.problems.map { "\($0.line ?? 0) \($0.message)" } == ["1 front matter opened here is never closed"])
        #expect(parse("---\ntitle: T\n---").problems.map { "\($0.line ?? 0) \($0.message)" } == ["3 the runbook has no steps"])
    }

    @Test func selectorValuesMustBeTheRightShape() {
        let result = parse("""
            ---
            title: T
            applies_to: {tier: 1}
            ---
            - [ ] Step
            """)
        #expect(result.problems.map { "\($0.line ?? 0) \($0.message)" } == ["3 must be a list of selectors, not a mapping"])
        let tiers = parse("---\ntitle: T\napplies_to:\n  - tier: one\n  - tier: [1, 2]\n---\n- [ ] Step\n")
        #expect(tiers.problems.map { "\($0.line ?? 0) \($0.message)" } == ["4 'one' is not a tier"])
    }
}
