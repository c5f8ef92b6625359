import Foundation
import Testing
@testable import VigilCore
@testable import VigilUI

/// What the console does to stay fast on large stores must not change what it shows: rows sorted once and
/// filtered from that order, the byte-level filter match, data read elsewhere and handed over.
@Suite struct ConsoleScaleTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Hundreds of pipelines and datasets with ties on every sort key, names with mixed case and non-ASCII.
    static func platform(size: Int = 400) -> PlatformSnapshot {
        let words = ["Orders", "customers", "PAYMENTS", "café", "Straße", "ledger", "日本", "events"]
        var pipelines: [PipelineSummary] = []
        var datasets: [DatasetSummary] = []
        for i in 0..<size {
            let id = "\(words[i % words.count])_\(i % 37)_load"
            let state: RunState = [.success, .failed, .running, .success][i % 4]
            let start = now.addingTimeInterval(-Double((i * 7919) % 20) * 600)
            let run = PipelineRun(source: i % 3 == 0 ? "airflow-b" : "airflow-a", pipelineID: id, runID: "r\(i)", state: state,
                                  logicalDate: start, startedAt: start, endedAt: state == .running ? nil : start.addingTimeInterval(60))
            pipelines.append(PipelineSummary(pipeline: Pipeline(source: run.source, pipelineID: id, scheduleInterval: 3_600,
                                                                owner: i % 5 == 0 ? "Team-\(words[i % 3])" : nil, tier: i % 4 == 0 ? nil : 1 + i % 3),
                                             recentRuns: [run]))
            let name = "\(["raw", "analytics", "Marts"][i % 3]).\(words[(i / 3) % words.count].lowercased())_\(i % 50)"
            datasets.append(DatasetSummary(
                dataset: Dataset(name: name, tier: 1 + i % 3, policy: FreshnessPolicy(warnAfter: 3_600, errorAfter: 7_200),
                                 source: "warehouse", producedBy: i % 2 == 0 ? id : nil),
                lastLoadedAt: i % 11 == 0 ? nil : now.addingTimeInterval(-Double((i * 31) % 12) * 900), lastObservedAt: now))
        }
        return PlatformSnapshot(now: now, pipelines: pipelines, datasets: datasets)
    }

    static let filters = ["", "o", "ORD", "orders_1", "café", "CAFÉ", "straße", "日本", "_load", "raw.", "team-", "airflow-b",
                          "analytics.ledger_4", "zzz", " ", "Marts"]

    @Test(arguments: filters)
    func filteringTheSortedRowsGivesWhatSortingTheFilteredRowsGives(filter: String) {
        let snapshot = Self.platform()
        let controller = ConsoleController(dataSource: TestDataSource(snapshot))
        for (pane, key) in [(Pane.health, "1"), (Pane.freshness, "2")] {
            _ = controller.handle(.key(.char(Character(key))))
            _ = controller.handle(.key(.char("/")))
            for c in filter { _ = controller.handle(.key(.char(c))) }
            if pane == .health {
                #expect(controller.healthRows().map(\.pipeline.id) == HealthViewModel.rows(snapshot, filter: filter).map(\.pipeline.id))
            } else {
                #expect(controller.freshnessRows().map(\.dataset.name) == FreshnessViewModel.rows(snapshot, filter: filter).map(\.dataset.name))
            }
            _ = controller.handle(.key(.escape))
        }
    }

    @Test(arguments: ["ord", "ORD", "Orders_1", "s_1", "load", "", "x", "orders_10_loadx", "Straße", "CAFÉ", "日本"])
    func needleMatchesLikeFoundationsCaseInsensitiveSearch(needle: String) {
        let haystacks = ["Orders_10_load", "raw.orders_1", "ORDERS", "café", "CAFÉ_x", "straße", "日本_load", "", "o"]
        let n = TextSearch.Needle(needle)
        for h in haystacks {
            #expect(n.found(in: h) == (needle.isEmpty || h.localizedCaseInsensitiveContains(needle)), "\(needle) in \(h)")
        }
    }

    @Test func dataReadElsewhereIsShownWhenApplied() throws {
        let snapshot = Self.platform(size: 40)
        let source = TestDataSource(snapshot)
        let controller = ConsoleController(dataSource: source, loadNow: false)
        #expect(!controller.hasLoaded)
        #expect(controller.render(width: 100, height: 30).rowText(3).contains("Reading the store…"))

        controller.apply(try ConsoleData.load(controller.reloadRequest, from: source))
        #expect(controller.hasLoaded)
        #expect(try !controller.hasChanged())
        #expect(controller.healthRows().count == 40)
        #expect(!controller.render(width: 100, height: 30).rowText(3).contains("Reading the store…"))

        // A write moves the token: the console sees the change, and the next load brings the new data.
        source.token += 1
        source.current = PlatformSnapshot(now: Self.now, pipelines: Array(snapshot.pipelines.prefix(3)))
        #expect(try controller.hasChanged())
        controller.apply(try ConsoleData.load(controller.reloadRequest, from: source))
        #expect(controller.healthRows().count == 3)
    }

    @Test func aFailedFirstReadSaysSoInsteadOfAnEmptyPane() {
        let source = TestDataSource(Self.platform(size: 5))
        source.failing = true
        let controller = ConsoleController(dataSource: source, loadNow: false)
        _ = controller.noteReadFailure(TestDataSource.Unreadable())
        let screen = (0..<30).map { controller.render(width: 100, height: 30).rowText($0) }.joined(separator: "\n")
        #expect(screen.contains("disk I/O error"))
        #expect(!screen.contains("No pipelines"))
    }

    @Test func aSnapshotThatCannotBeReadIsTriedAgainOnlyWhenTheStoreChanges() throws {
        let source = TestDataSource(Self.platform(size: 5))
        source.snapshotFails = true
        let controller = ConsoleController(dataSource: source, loadNow: false)
        #expect(throws: TestDataSource.Unreadable.self) { _ = try ConsoleData.load(controller.reloadRequest, from: source) }
        #expect(controller.loadFailed(TestDataSource.Unreadable()))
        #expect(try !controller.hasChanged(), "the same store: no new read four times a second")
        source.token += 1
        #expect(try controller.hasChanged())
        source.snapshotFails = false
        controller.apply(try ConsoleData.load(controller.reloadRequest, from: source))
        #expect(controller.hasLoaded && controller.readError == nil)
    }

    @Test func rowsAreResortedWhenTheMinuteTurnsNotOnEveryTick() {
        // A running pipeline started 30 s before `now` and a failed one: ages move, the order is by health.
        let snapshot = Self.platform(size: 8)
        let controller = ConsoleController(dataSource: TestDataSource(snapshot))
        let before = controller.healthRows().map(\.pipeline.id)
        #expect(!controller.advanceClock(to: Self.now.addingTimeInterval(1)))
        #expect(controller.rowCache.allHealth.filter != nil, "a tick within the minute keeps the sorted rows")
        #expect(controller.advanceClock(to: Self.now.addingTimeInterval(61)))
        #expect(controller.rowCache.allHealth.filter == nil, "a new minute re-sorts")
        #expect(controller.healthRows().map(\.pipeline.id).count == before.count)
    }
}
