import Foundation
import Testing
@testable import VigilCore
@testable import VigilUI

/// An orchestrator for console tests: logs and dry runs as an Airflow would answer them, and what was asked.
/// (The Airflow client itself is tested against real Airflow 3 and 2 in VigilIntegrationTests.)
final class RecordingGateway: OrchestratorGateway, @unchecked Sendable {
    var log = TaskLog(lines: ["[2026-12-03 10:00:00] INFO - Starting", "\u{1B}[31mERROR\u{1B}[0m - boom: relation \"orders\" does not exist",
                              "[2026-12-03 10:00:02] INFO - Marking task as FAILED", "Traceback (most recent call last):", "ERROR again"],
                      truncationNote: "the first 1,204 lines (96 KB) were cut: only the last 5,000 lines are kept")
    var performed: [(OrchestratorAction, String?)] = []
    var refusals: [String: String] = [:]

    func actionRefusal(source: String) -> String? { refusals[source] }
    func taskLog(_ ref: TaskLogRef) throws -> TaskLog { log }
    var previewed: [OrchestratorAction] = []
    func preview(_ action: OrchestratorAction) throws -> ActionPreview {
        previewed.append(action)
        if case .clearTask(_, _, _, _, true) = action {
            return ActionPreview(affected: ["orders.load (run r1, try 2 next)", "orders.publish (upstream_failed)"])
        }
        return ActionPreview(affected: ["orders.load (run r1, try 2 next)"], note: "not cleared, downstream: publish (upstream_failed)")
    }
    func perform(_ action: OrchestratorAction, actor: String, incidentID: String?) throws -> ActionOutcome {
        performed.append((action, incidentID))
        return ActionOutcome(text: "1 task instance cleared")
    }
}

@Suite struct ConsoleFeatureTests {
    func console(gateway: RecordingGateway? = RecordingGateway(), sink: ConsoleActionSink? = IncidentKeyRecorder()) -> ConsoleDriver {
        var c = BindingsTests.console(sink: sink)
        if let gateway {
            c.services.orchestrators = gateway
            c.state.capabilities = c.services.capabilities(sources: ["af"])
        }
        return c
    }

    // MARK: help at 80x24

    @Test func helpAt80x24KeepsWholeDescriptionsAndScrolls() {
        var c = console()
        c.send(.input(.resize(width: 80, height: 24)))
        c.press(.char("?"))
        let first = c.text
        // Wrapped under their column, not cut: the open key's description ends on its second line.
        #expect(first.contains("open: pipeline → runs → tasks → log"))
        #expect(first.contains("detail, incident → runbook, source → detail"))
        #expect(first.contains("↓ lines 1-"), "says there is more below")
        #expect(!first.contains("q ^c "), "quit is below the fold at first")
        c.press(.pageDown, .pageDown, .pageDown)
        let end = c.text
        #expect(end.contains("q ^c") && end.contains("any key closes this help"))
        #expect(end.contains("↑ "), "says there is more above")
        c.press(.up)
        #expect(c.state.mode == .help, "scrolling keeps the help open")
        c.press(.char("x"))
        #expect(c.state.mode == .normal, "any other key closes it")
    }

    // MARK: palette

    @Test func thePaletteJumpsToAPipelinesRunsAndRemembersWhatWasTyped() {
        var c = console()
        c.press(.char("3"), .char(":"))
        c.type("ordrs")
        #expect(c.text.contains("pipeline") && c.text.contains("orders"), "fuzzy: the letters in order")
        c.press(.enter)
        #expect(c.state.pane == .health)
        #expect(c.state.breadcrumbs == ["Health", "orders"])
        #expect(c.text.contains("Runs of orders"))
        c.press(.char(":"), .up)
        #expect(c.state.palette?.text == "ordrs")
        c.press(.down)
        #expect(c.state.palette?.text == "")
        c.press(.escape)
        #expect(c.state.mode == .normal)
    }

    @Test func paletteCommandsWhyIncidentThemeAndPanes() {
        let sink = IncidentKeyRecorder()
        var c = console(sink: sink)
        c.press(.char(":"))
        c.type("incident open Disk full on warehouse")
        c.press(.enter)
        #expect(sink.done.map(\.0) == [.open(title: "Disk full on warehouse")])
        #expect(c.text.contains("INC-8 opened: Disk full on warehouse"))
        c.press(.char(":"))
        c.type("theme light")
        c.press(.enter)
        #expect(c.unhandled.contains(.setTheme("light")), "the runtime switches the terminal's theme")
        c.press(.char(":"))
        c.type("sourc")
        c.press(.enter)
        #expect(c.state.pane == .sources)
        c.press(.char(":"))
        c.type("nothing-like-this")
        #expect(c.text.contains("nothing matches"))
        c.press(.enter)
        #expect(c.text.contains("✗ nothing matches nothing-like-this"))
    }

    @Test func fuzzyScoresPreferStartsAndRuns() {
        let exact = PaletteSearch.score("orders", "orders")!, prefix = PaletteSearch.score("ord", "orders_daily")!
        let scattered = PaletteSearch.score("ord", "my_product_revenue_daily")!
        #expect(exact > prefix && prefix > scattered)
        #expect(PaletteSearch.score("xyz", "orders") == nil)
    }

    // MARK: sort

    @Test func aColumnLetterSortsAndPressingItAgainReverses() {
        let now = BindingsTests.now
        let names = ["b_load", "a_load", "c_load"]
        let snapshot = PlatformSnapshot(now: now, pipelines: names.map {
            PipelineSummary(pipeline: Pipeline(source: "af", pipelineID: $0), recentRuns: [])
        })
        var c = ConsoleDriver(TestDataSource(snapshot))
        c.press(.char("I"))
        #expect(c.state.healthRows.map(\.pipeline.pipelineID) == ["a_load", "b_load", "c_load"])
        #expect(c.text.contains("PIPELINE▲"))
        c.press(.char("I"))
        #expect(c.state.healthRows.map(\.pipeline.pipelineID) == ["c_load", "b_load", "a_load"])
        #expect(c.text.contains("PIPELINE▼"))
        // The selection stays on its row, not its position.
        c.press(.down)
        let selected = c.state.list(.pane(.health)).selectedID
        c.press(.char("I"))
        #expect(c.state.list(.pane(.health)).selectedID == selected)
        #expect(c.state.healthRows[c.state.list(.pane(.health)).selected].pipeline.id == selected)
    }

    // MARK: task log

    @Test func enterOnATaskOpensItsLogSearchableAndCleaned() {
        var c = console()
        c.press(.enter, .enter)
        #expect(c.text.contains("Task instances"))
        c.press(.enter)
        let log = c.text
        #expect(log.contains("Log load try 1"))
        #expect(log.contains("boom: relation \"orders\" does not exist"))
        #expect(!log.contains("\u{1B}"), "escapes from the log never reach the terminal")
        #expect(log.contains("the first 1,204 lines (96 KB) were cut"))
        // Opens at the end; / searches from the top, n and N step through matches and wrap.
        #expect(c.state.list(c.state.currentView).selected == 4)
        c.press(.char("/"))
        c.type("error")
        c.press(.enter)
        #expect(c.state.list(c.state.currentView).selected == 1)
        c.press(.char("n"))
        #expect(c.state.list(c.state.currentView).selected == 4)
        c.press(.char("n"))
        #expect(c.state.list(c.state.currentView).selected == 1)
        #expect(c.text.contains("search wrapped around"))
        c.press(.char("N"))
        #expect(c.state.list(c.state.currentView).selected == 4)
        c.press(.escape, .escape)
        #expect(c.state.breadcrumbs.count == 3, "Esc clears the search, then goes back")
    }

    @Test func aLogBeingFetchedShowsASpinnerAndAFailureSaysWhy() {
        var state = BindingsTests.console().state
        let route = Route.taskLog(TaskLogRef(source: "af", pipelineID: "orders", runID: "r1", taskID: "load", tryNumber: 2))
        _ = state.push(route)
        #expect(Console.render(state, width: 120, height: 30).buffer.rowText(3).contains("Fetching the log from af…"))
        _ = Console.update(&state, .drillFailed(route, "GET …/logs/2 answered HTTP 404"))
        #expect(TextSnapshot.render(Console.render(state, width: 120, height: 30).buffer).contains("could not fetch the log: GET …/logs/2 answered HTTP 404"))
    }

    // MARK: orchestrator actions

    @Test func clearingAFailedTaskShowsTheDryRunThenLandsOnTheIncident() {
        let gateway = RecordingGateway()
        var c = console(gateway: gateway)
        c.press(.enter, .enter, .char("c"))
        let confirm = c.text
        #expect(confirm.contains("clear task load of run r1 in DAG orders (1 task instance will rerun)? (y/n)"))
        #expect(confirm.contains("orders.load (run r1, try 2 next)"))
        #expect(confirm.contains("Will rerun (dry run)"))
        #expect(gateway.performed.isEmpty, "nothing happens before y")
        c.press(.char("y"))
        #expect(gateway.performed.count == 1)
        #expect(gateway.performed.first?.0 == .clearTask(source: "af", pipelineID: "orders", runID: "r1", taskID: "load"))
        #expect(gateway.performed.first?.1 == "INC-1", "the open incident about this pipeline")
        #expect(c.text.contains("✓ clear task load of run r1 in DAG orders: 1 task instance cleared"))
    }

    @Test func dOnAClearAsksAgainWithTheDownstreamTasks() {
        let gateway = RecordingGateway()
        var c = console(gateway: gateway)
        c.press(.enter, .enter, .char("c"))
        #expect(c.text.contains("(1 task instance will rerun)? (y/n)") && c.text.contains("d downstream"), "the footer offers d")
        c.press(.char("d"))
        #expect(gateway.previewed.last == .clearTask(source: "af", pipelineID: "orders", runID: "r1", taskID: "load", downstream: true))
        let both = c.text
        #expect(both.contains("clear task load and its downstream of run r1 in DAG orders (2 task instances will rerun)? (y/n)"))
        #expect(both.contains("orders.publish (upstream_failed)"))
        #expect(gateway.performed.isEmpty, "d asks again, it does nothing")
        c.press(.char("y"))
        #expect(gateway.performed.map(\.0) == [.clearTask(source: "af", pipelineID: "orders", runID: "r1", taskID: "load", downstream: true)])
        // d again on a new clear goes back to the task alone; outside a clear's question d is not a clear key.
        c.press(.char("c"), .char("d"), .char("d"))
        #expect(gateway.previewed.last == .clearTask(source: "af", pipelineID: "orders", runID: "r1", taskID: "load", downstream: false))
        c.press(.char("n"))
        #expect(gateway.performed.count == 1)
    }

    @Test func triggerAndPauseAskFirstAndNoCancels() {
        let gateway = RecordingGateway()
        var c = console(gateway: gateway)
        c.press(.char("T"))
        #expect(c.text.contains("trigger a run of DAG orders? (y/n)"))
        c.press(.char("n"))
        #expect(gateway.performed.isEmpty && c.text.contains("cancelled"))
        c.press(.char("P"), .char("y"))
        #expect(gateway.performed.map(\.0) == [.setPaused(source: "af", pipelineID: "orders", paused: true)])
    }

    @Test func aSourceWithoutAnActionsCredentialRefusesWithTheReason() {
        let gateway = RecordingGateway()
        gateway.refusals["af"] = "source af has no actions: credential (add actions: to it in vigil.yaml)"
        var c = console(gateway: gateway)
        c.press(.enter, .enter, .char("c"))
        #expect(c.text.contains("✗ source af has no actions: credential"))
        #expect(gateway.performed.isEmpty)
        #expect(!(c.text.split(separator: "\n").last ?? "").contains("c clear"), "the footer leaves out what is off")
    }

    // MARK: no freezes

    /// Action keys never read or write the store on the way to the next frame: they return effects.
    @Test func actionKeysReturnEffectsInsteadOfDoingIO() {
        var state = console().state
        _ = Console.update(&state, .input(.key(.char("3"))))
        #expect(Console.update(&state, .input(.key(.char("a")))) == [.incident(.acknowledge, incidentID: "INC-1")])
        #expect(state.flash?.text == "INC-1: saving…")
        _ = Console.update(&state, .input(.key(.char("n"))))
        _ = Console.update(&state, .input(.key(.char("x"))))
        #expect(Console.update(&state, .input(.key(.enter))) == [.incident(.note("x"), incidentID: "INC-1")])
        let standup = Console.update(&state, .input(.key(.char("S"))))
        #expect(standup.count == 1 && state.standup != nil, "standup shows at once and asks for its history")
        // The write's answer wants a read; standup's read is under way, so one more follows it instead of two at once.
        _ = Console.update(&state, .input(.key(.escape)))
        #expect(Console.update(&state, .incidentDone(.acknowledge, .success("INC-1"))).isEmpty)
        #expect(state.reloadWanted)
    }
}
