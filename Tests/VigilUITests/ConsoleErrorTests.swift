import Foundation
import Testing
@testable import VigilCore
@testable import VigilUI

@Suite struct ConsoleErrorTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func platform() -> PlatformSnapshot {
        PlatformSnapshot(now: now, pipelines: [
            PipelineSummary(pipeline: Pipeline(source: "af", pipelineID: "orders_daily"),
                            recentRuns: [PipelineRun(source: "af", pipelineID: "orders_daily", runID: "r1", state: .success, startedAt: now)]),
        ])
    }

    @Test func aFailingStoreReadKeepsTheLastGoodDataAndSaysWhy() {
        let source = TestDataSource(platform())
        var console = ConsoleDriver(source, width: 100)
        #expect(console.text.contains("orders_daily"))
        source.failing = true
        source.token = 2
        console.send(.storeChanged(token: 2))
        let frame = console.text
        #expect(frame.contains("orders_daily"))
        #expect(frame.contains("store read failed: disk I/O error"))
        // Once reads work again the note goes away.
        source.failing = false
        source.token = 2
        console.storeChanged()
        #expect(!console.text.contains("store read failed"))
    }

    /// A read that failed while the store's counter stood still (a statement timeout on a quiet store) is tried
    /// again a few seconds later, and the error goes once it succeeds.
    @Test func aFailedReadIsTriedAgainWithoutAStoreChange() {
        let source = TestDataSource(platform())
        // The console's clock at the data's (ticks are read against it; a minute boundary would re-read anyway).
        var console = ConsoleDriver(state: ConsoleState(now: now),
                                    services: ConsoleServices(data: source, incidents: nil, orchestrators: nil, actor: "tester"),
                                    width: 100)
        source.failing = true
        source.token = 2
        console.send(.storeChanged(token: 2))
        #expect(console.text.contains("store read failed: disk I/O error"))
        source.failing = false
        console.send(.tick(now.addingTimeInterval(1)))
        #expect(console.text.contains("store read failed"), "not tried again at once")
        console.send(.tick(now.addingTimeInterval(1 + Console.readRetry / 2)))
        #expect(console.text.contains("store read failed"))
        console.send(.tick(now.addingTimeInterval(1 + Console.readRetry)))
        #expect(!console.text.contains("store read failed"))
        #expect(console.text.contains("orders_daily"))
    }

    @Test func emptyStoreSaysNothingHasReported() {
        let frame = ConsoleDriver(TestDataSource(PlatformSnapshot(now: now))).text
        #expect(frame.contains("no sources have reported yet"))
        #expect(frame.contains("No pipelines in the store yet"))
    }

    @Test func hostileNamesCannotReachTheScreen() {
        let evil = "dag\u{1B}]52;c;cHduZWQ=\u{07}\u{1B}[2J\u{202E}gnp.exe"
        let snapshot = PlatformSnapshot(now: now, pipelines: [
            PipelineSummary(pipeline: Pipeline(source: "af", pipelineID: evil),
                            recentRuns: [PipelineRun(source: "af", pipelineID: evil, runID: "r", state: .failed, startedAt: now)]),
        ])
        let text = ConsoleDriver(TestDataSource(snapshot)).text
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{202E}"))
        #expect(!text.contains("\u{07}"))
        #expect(text.contains("daggnp.exe"))
    }
}

@Suite struct RunTasksSelectionTests {
    /// A dbt run failed on a model while a test failed earlier: the list opens on the model, what failed the run;
    /// a run where only a test failed opens on the test.
    @Test func aRunsTaskListOpensOnTheTaskThatFailedItBeforeAFailedCheck() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        func task(_ id: String, _ op: String, _ state: RunState) -> TaskInstance {
            TaskInstance(source: "dbt", pipelineID: "shop", runID: "r", taskID: id, state: state, operatorName: op)
        }
        let source = TestDataSource(PlatformSnapshot(now: now))
        source.tasks = [task("stg_orders", "model", .success), task("unique_stg_orders_id", "test", .failed),
                        task("fct_revenue", "model", .failed)]
        func opened() -> Int? {
            var state = ConsoleState()
            let route = Route.runTasks(source: "dbt", pipelineID: "shop", runID: "r")
            let effects = state.push(route)
            #expect(effects == [.loadDrill(route, now: state.snapshot.now)], "the view opens at once; its data is an effect")
            _ = Console.update(&state, .drillLoaded(route, .tasks(run: nil, tasks: source.tasks)))
            return state.lists[.route(route)]?.selected
        }
        #expect(opened() == 2)
        source.tasks[2].state = .success
        #expect(opened() == 1)
    }
}

@Suite struct IncidentSelectionTests {
    @Test func selectionFollowsTheIncidentWhenANewOneOpensAbove() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        func incident(_ id: String, _ sev: Severity, _ age: TimeInterval) -> IncidentSummary {
            IncidentSummary(incident: Incident(id: id, title: "t \(id)", severity: sev, openedAt: now.addingTimeInterval(-age)),
                            timeline: [], stepProgress: [])
        }
        let source = TestDataSource(PlatformSnapshot(now: now, incidents: [incident("INC-1", .sev3, 600), incident("INC-2", .sev4, 300)]))
        var console = ConsoleDriver(source, pane: .incidents)
        console.send(.input(.key(.down)))
        #expect(console.state.selectedIncident?.incident.id == "INC-2")
        // A Sev1 opens and sorts first: the cursor stays on INC-2.
        source.current.incidents.append(incident("INC-3", .sev1, 10))
        source.token = 2
        console.storeChanged()
        #expect(console.state.selectedIncident?.incident.id == "INC-2")
        #expect(console.state.incidentRows.first?.incident.id == "INC-3")
    }
}
