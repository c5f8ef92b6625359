import Testing
import VigilTestSupport
@testable import VigilConfig

/// Found by writing the YAML "billion laughs" into a config: used as a value Yams shares the aliased nodes and all
/// is well, but used as a mapping key Yams hashes all 10^9 values to look for duplicates, and never returns.
// A hang guard, not a speed test: on 2 cores the whole suite shares two cooperative threads with blocking end-to-end
// tests, and a one-minute limit was seen to expire on tests that take milliseconds alone.
@Suite(.timeLimit(.minutes(5))) struct AliasBombTests {
    @Test func anAliasBombAsAKeyIsRefusedOnItsLine() throws {
        let found = FuzzWatchdog.guarding("alias bomb as a key") { problems(HostileInputs.yamlAliasBomb + "*i : 1\n") }
        let p = try #require(found.first)
        #expect(found.count == 1)
        // The running count passes the limit at the eighth '*d' of line 5 (each stands for 11,111 values).
        #expect(p.line == 5 && p.file == testFile)
        #expect(p.message == "the alias '*d' takes the file over 100000 aliased values")
    }

    @Test func anAliasBombAsValuesIsRefusedToo() throws {
        let found = FuzzWatchdog.guarding("alias bomb as values") { problems(HostileInputs.yamlAliasBomb) }
        #expect(found.map(\.message) == ["the alias '*d' takes the file over 100000 aliased values"])
    }

    /// Anchors used as intended, to share a block between datasets, are fine.
    @Test func ordinaryAliasesStillWork() throws {
        let config = try parsed("""
        datasets:
          - {name: a, tier: 1, freshness: &hourly {warn_after: 1h, error_after: 2h}}
          - {name: b, tier: 2, freshness: *hourly}
        """)
        #expect(config.datasets.map(\.freshness) == [config.datasets[0].freshness, config.datasets[0].freshness])
    }

    @Test func inRunbookFrontMatterTheLineIsTheFilesLine() throws {
        let text = "---\n" + HostileInputs.yamlAliasBomb + "title: T\n---\n- [ ] step\n"
        let parsed = FuzzWatchdog.guarding("alias bomb in front matter") { RunbookDocument.parse(text, id: "r", file: "r.md") }
        #expect(parsed.runbook == nil)
        #expect(parsed.problems.first?.line == 6)
    }
}
