import Foundation
import Testing
import VigilApp
import VigilUI

/// Every pane of the demo scenario, drawn at fixed seed and clock, against committed golden text.
@Suite struct PaneSnapshotTests {
    @Test(arguments: Pane.allCases)
    func paneMatchesGolden(pane: Pane) throws {
        let buffer = try DemoSnapshot.render(pane: pane, width: 120, height: 40)
        try GoldenFile.check(TextSnapshot.render(buffer), named: "\(pane.title.lowercased())-120x40.txt")
    }

    @Test func healthAtMinimumSizeMatchesGolden() throws {
        let buffer = try DemoSnapshot.render(pane: .health, width: 80, height: 24)
        try GoldenFile.check(TextSnapshot.render(buffer), named: "health-80x24.txt")
    }

    @Test func drillDownsMatchGolden() throws {
        let filter = try ScriptedKeys.parse("/,c,u,s,t,o,m,e,r,_,s,y,n,c,enter")
        let runs = try DemoSnapshot.render(pane: .health, width: 120, height: 40, keys: filter + [.key(.enter)])
        try GoldenFile.check(TextSnapshot.render(runs), named: "pipeline-runs-120x40.txt")
        let tasks = try DemoSnapshot.render(pane: .health, width: 120, height: 40, keys: filter + [.key(.enter), .key(.enter)])
        try GoldenFile.check(TextSnapshot.render(tasks), named: "task-instances-120x40.txt")
        let dataset = try DemoSnapshot.render(pane: .freshness, width: 120, height: 40, keys: [.key(.enter)])
        try GoldenFile.check(TextSnapshot.render(dataset), named: "dataset-120x40.txt")
    }

    @Test func snapshotsAreReproducible() throws {
        let a = try DemoSnapshot.render(pane: .incidents, width: 120, height: 40)
        let b = try DemoSnapshot.render(pane: .incidents, width: 120, height: 40)
        #expect(a == b)
        #expect(SVGSnapshot.render(a, theme: ThemeLoader.builtinDefault) == SVGSnapshot.render(b, theme: ThemeLoader.builtinDefault))
    }
}
