import Foundation
import Testing
import VigilTestSupport

/// `vigil incident show` on a demo store: the story's CRM incident lists the change before it (the DAG version
/// detection named, marked `*`) and the similar past incident the demo's history remembers, with what was done then.
@Suite struct IncidentMemoryCommandTests {
    @Test func showNamesTheChangeBeforeAndTheSimilarPastIncident() throws {
        let dir = try makeTempDirectory("incident-memory")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("demo.db").path
        let writer = try DemoWriter(store: store, speed: 600)
        defer { writer.stop() }
        // The story's tier-1 incident opens about two simulated hours in: a few seconds at 600x.
        var show = try runProcess(VigilBinary.path, ["incident", "show", "INC-4", "--store", store])
        let deadline = Date().addingTimeInterval(90)
        while !(show.status == 0 && show.stdout.contains("similar past incidents:")), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.5)
            show = try runProcess(VigilBinary.path, ["incident", "show", "INC-4", "--store", store])
        }
        #expect(show.status == 0, "\(show.stderr)")
        let lines = show.stdout.split(separator: "\n").map(String.init)
        let changes = try #require(lines.firstIndex(of: "changes before:"), "\(show.stdout)")
        #expect(lines[changes + 1].hasPrefix(" * ") && lines[changes + 1].contains("customer_sync version 6 → 7"),
                "the change detection named, first and marked: \(lines[changes + 1])")
        let similar = try #require(lines.firstIndex(of: "similar past incidents:"), "\(show.stdout)")
        let head = lines[similar + 1]
        #expect(head.hasPrefix("  INC-H") && head.contains("lead bob") && head.contains("upstream — same cause pipeline"), "\(head)")
        let body = lines[(similar + 2)...].joined(separator: "\n")
        #expect(body.contains("note: CRM API answers 503") && body.contains("Step 3 done: Check the source system"), "\(body)")
    }
}
