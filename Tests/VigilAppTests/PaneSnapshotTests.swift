import Foundation
import Testing
import VigilApp
import VigilUI

/// Every pane of the demo scenario, drawn at fixed seed and clock, against committed golden text.
@Suite struct PaneSnapshotTests {
    @Test(arguments: Pane.allCases)
    func paneMatchesGolden(pane: Pane) async throws {
        let buffer = try await DemoSnapshot.render(pane: pane, width: 120, height: 40)
        try GoldenFile.check(TextSnapshot.render(buffer), named: "\(pane.title.lowercased())-120x40.txt")
    }

    @Test func healthAtMinimumSizeMatchesGolden() async throws {
        let buffer = try await DemoSnapshot.render(pane: .health, width: 80, height: 24)
        try GoldenFile.check(TextSnapshot.render(buffer), named: "health-80x24.txt")
    }

    @Test func drillDownsMatchGolden() async throws {
        let filter = try ScriptedKeys.parse("/,c,u,s,t,o,m,e,r,_,s,y,n,c,enter")
        let runs = try await DemoSnapshot.render(pane: .health, width: 120, height: 40, keys: filter + [.key(.enter)])
        try GoldenFile.check(TextSnapshot.render(runs), named: "pipeline-runs-120x40.txt")
        let tasks = try await DemoSnapshot.render(pane: .health, width: 120, height: 40, keys: filter + [.key(.enter), .key(.enter)])
        try GoldenFile.check(TextSnapshot.render(tasks), named: "task-instances-120x40.txt")
        let dataset = try await DemoSnapshot.render(pane: .freshness, width: 120, height: 40, keys: [.key(.enter)])
        try GoldenFile.check(TextSnapshot.render(dataset), named: "dataset-120x40.txt")
    }

    /// The Changes pane filtered with `/`, and a change opened with ⏎ (detail, ref, author, everything downstream).
    @Test func changesFilterAndDetailMatchGolden() async throws {
        let filtered = try await DemoSnapshot.render(pane: .changes, width: 120, height: 40, keys: try ScriptedKeys.parse("/,c,u,s,t,o,m,e,r,enter"))
        let text = TextSnapshot.render(filtered)
        #expect(text.contains("Changes  2 of 85"), "\(text)")
        try GoldenFile.check(text, named: "changes-filtered-120x40.txt")
        let detail = try await DemoSnapshot.render(pane: .changes, width: 120, height: 40, keys: [.key(.enter)])
        try GoldenFile.check(TextSnapshot.render(detail), named: "change-120x40.txt")
    }

    /// Standup mode, every page, on a laptop (80x24) and on the shared screen (200x60).
    @Test(arguments: [(80, 24), (200, 60)])
    func standupPagesMatchGolden(size: (Int, Int)) async throws {
        for page in 0..<StandupPageCount.count {
            let keys = [InputEvent.key(.char("S"))] + Array(repeating: InputEvent.key(.right), count: page)
            let buffer = try await DemoSnapshot.render(pane: .health, width: size.0, height: size.1, keys: keys)
            let text = TextSnapshot.render(buffer)
            #expect(text.hasPrefix(" VIGIL STANDUP  \(page + 1)/\(StandupPageCount.count) "))
            // No selection marker or cursor noise on a shared screen.
            #expect(!text.contains("▌"))
            try GoldenFile.check(text, named: "standup-\(page + 1)-\(size.0)x\(size.1).txt")
        }
    }

    @Test func snapshotsAreReproducible() async throws {
        let a = try await DemoSnapshot.render(pane: .incidents, width: 120, height: 40)
        let b = try await DemoSnapshot.render(pane: .incidents, width: 120, height: 40)
        #expect(a == b)
        #expect(SVGSnapshot.render(a, theme: ThemeLoader.builtinDefault) == SVGSnapshot.render(b, theme: ThemeLoader.builtinDefault))
    }
}

/// Standup pages: last 24 h, SLOs, incidents, time to resolve, changes and alerts.
enum StandupPageCount { static let count = 5 }
