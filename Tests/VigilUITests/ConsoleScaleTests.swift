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
        var console = ConsoleDriver(TestDataSource(snapshot))
        for (pane, key) in [(Pane.health, "1"), (Pane.freshness, "2")] {
            console.send(.input(.key(.char(Character(key)))))
            console.send(.input(.key(.char("/"))))
            for c in filter { console.send(.input(.key(.char(c)))) }
            if pane == .health {
                #expect(console.state.healthRows.map(\.pipeline.id) == HealthViewModel.rows(snapshot, filter: filter).map(\.pipeline.id))
            } else {
                #expect(console.state.freshnessRows.map(\.dataset.name) == FreshnessViewModel.rows(snapshot, filter: filter).map(\.dataset.name))
            }
            console.send(.input(.key(.escape)))
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

    /// Typing narrows what the previous key kept and a backspace takes back rows kept before: at every key, with and
    /// without a sort, a sort changed mid-filter and data replaced mid-filter, the rows are what the view model gives.
    @Test(arguments: ["", "R", "T"])
    func typingAndDeletingAFilterShowsWhatFilteringEveryRowShows(sortKey: String) {
        let snapshot = Self.platform()
        var console = ConsoleDriver(TestDataSource(snapshot))
        for (pane, key) in [(Pane.health, "1"), (Pane.freshness, "2")] {
            console.send(.input(.key(.char(Character(key)))))
            if let letter = sortKey.first { console.send(.input(.key(.char(letter)))) }
            func check(_ step: String) {
                let filter = console.state.currentFilter
                let sort = console.state.sorts[.pane(pane)]
                if pane == .health {
                    let want = Sorting.apply(sort, to: HealthViewModel.rows(snapshot, filter: filter), columns: Sorting.health)
                    #expect(console.state.healthRows.map(\.pipeline.id) == want.map(\.pipeline.id), "\(step) \(filter)")
                } else {
                    let want = Sorting.apply(sort, to: FreshnessViewModel.rows(snapshot, filter: filter), columns: Sorting.freshness)
                    #expect(console.state.freshnessRows.map(\.dataset.name) == want.map(\.dataset.name), "\(step) \(filter)")
                }
            }
            console.send(.input(.key(.char("/"))))
            for c in "orders_1" { console.send(.input(.key(.char(c)))); check("typed") }
            console.send(.input(.key(.backspace)))
            check("deleted")
            for c in "3_LOAD" { console.send(.input(.key(.char(c)))); check("typed again") }
            #expect(!console.state.healthRows.isEmpty || pane == .freshness, "orders_3_load matches pipelines")
            for _ in 0..<13 { console.send(.input(.key(.backspace))); check("deleted to nothing") }
            for c in "café" { console.send(.input(.key(.char(c)))); check("beyond ASCII") }
            console.send(.input(.key(.enter)))
            // A sort chosen with the filter in place, then the store read again: both start over.
            console.send(.input(.key(.char("R"))))
            check("sorted mid-filter")
            console.storeChanged()
            check("read again")
            console.send(.input(.key(.escape)))
        }
    }

    @Test func dataReadElsewhereIsShownWhenItArrives() throws {
        let snapshot = Self.platform(size: 40)
        let source = TestDataSource(snapshot)
        var state = ConsoleState(now: Self.now)
        let effects = Console.start(&state)
        #expect(!state.hasLoaded)
        #expect(Console.render(state, width: 100, height: 30).buffer.rowText(3).contains("Reading the store…"))
        guard case .load(let request)? = effects.first else { Issue.record("no load asked for: \(effects)"); return }

        _ = Console.update(&state, .loaded(try ConsoleData.load(request, from: source)))
        #expect(state.hasLoaded && state.dataToken == source.token)
        #expect(state.healthRows.count == 40)
        #expect(!Console.render(state, width: 100, height: 30).buffer.rowText(3).contains("Reading the store…"))

        // A write moves the token: the runtime says so, the console asks for a read, and the read brings the new data.
        source.token += 1
        source.current = PlatformSnapshot(now: Self.now, pipelines: Array(snapshot.pipelines.prefix(3)))
        let again = Console.update(&state, .storeChanged(token: source.token))
        #expect(again == [.load(request)])
        // A second change while the read is under way asks for one more read after it, not two at once.
        #expect(Console.update(&state, .storeChanged(token: source.token + 1)).isEmpty)
        let more = Console.update(&state, .loaded(try ConsoleData.load(request, from: source)))
        #expect(state.healthRows.count == 3)
        #expect(more == [.load(request)])
    }

    @Test func aFailedFirstReadSaysSoInsteadOfAnEmptyPane() {
        let source = TestDataSource(Self.platform(size: 5))
        source.failing = true
        let driver = ConsoleDriver(source, width: 100)
        let screen = driver.text
        #expect(screen.contains("disk I/O error"))
        #expect(!screen.contains("No pipelines"))
    }

    @Test func aSnapshotThatCannotBeReadIsTriedAgainOnlyWhenTheStoreChanges() throws {
        let source = TestDataSource(Self.platform(size: 5))
        source.snapshotFails = true
        var driver = ConsoleDriver(source, width: 100)
        // The failed read keeps the token it saw: the runtime compares it with the store's and asks again only
        // once the store changes (not four times a second).
        #expect(driver.state.dataToken == source.token)
        #expect(driver.state.readError?.contains("disk I/O error") == true)
        source.token += 1
        source.snapshotFails = false
        driver.storeChanged()
        #expect(driver.state.hasLoaded && driver.state.readError == nil)
    }

    @Test func rowsAreReadAgainWhenTheMinuteTurnsNotOnEveryTick() {
        var driver = ConsoleDriver(TestDataSource(Self.platform(size: 8)))
        let before = driver.state.healthRows.map(\.pipeline.id)
        #expect(Console.update(&driver.state, .tick(Self.now.addingTimeInterval(1))).isEmpty, "a tick within the minute reads nothing")
        let effects = Console.update(&driver.state, .tick(Self.now.addingTimeInterval(61)))
        #expect(effects.count == 1, "a new minute reads the rows again, off the UI thread")
        #expect(driver.state.healthRows.map(\.pipeline.id).count == before.count)
    }

    /// A store whose snapshots carry a clock of their own, hours behind (the benchmarks' generated stores pin one),
    /// is read again once a minute like any other, not on every tick.
    @Test func aStoreWithAPinnedClockIsReadOncePerMinute() {
        let pinned = Self.platform(size: 8)
        let source = TestDataSource(pinned)
        var driver = ConsoleDriver(source)
        let later = Self.now.addingTimeInterval(4 * 3_600)
        var reads = 0
        for second in stride(from: 0.0, to: 150, by: 0.25) {
            for effect in Console.update(&driver.state, .tick(later.addingTimeInterval(second))) {
                reads += 1
                if let event = ConsoleEffects.run(effect, with: driver.services) { _ = Console.update(&driver.state, event) }
            }
        }
        #expect(reads >= 2 && reads <= 3, "two or three minute turns in 150 s, read \(reads) times")
    }
}
