import Foundation
import Testing
import VigilTestSupport

/// `vigil-dev bench` prints figures and asserts none; this keeps every figure printed and the generated store the size
/// it was asked for, on a small platform (scripts/bench runs the full size).
@Suite(.serialized) struct BenchCommandTests {
    @Test func generateThenConsoleAndStoreBenchmarksPrintEveryFigure() throws {
        let dir = try makeTempDirectory("bench")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("large.db").path
        let generated = try runProcess(VigilBinary.devPath, ["bench", "generate", "--store", store, "--pipelines", "12",
                                                          "--datasets", "60", "--days", "3", "--incidents", "6"], timeout: 300)
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stdout.contains("generated 12 pipelines, 60 datasets, 6 incidents over 3 days"))

        let status = try runProcess(VigilBinary.path, ["status", "--store", store, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect((json["pipelines"] as? [Any])?.count == 12)
        #expect((json["datasets"] as? [Any])?.count == 60)

        let again = try runProcess(VigilBinary.devPath, ["bench", "generate", "--store", store])
        #expect(again.status != 0 && again.stderr.contains("exists"), "generate never writes into an existing store")

        let console = try runProcess(VigilBinary.devPath, ["bench", "console", "--store", store, "--frames", "3"], timeout: 300)
        #expect(console.status == 0, "\(console.stderr)")
        for size in ["120x40", "240x70"] {
            for pane in ["health", "freshness", "incidents", "runbook", "sources", "changes"] {
                #expect(console.stdout.contains("\(size) \(pane) pane "), "\(size) \(pane)")
                #expect(console.stdout.contains("\(size) \(pane) after store chang"), "\(size) \(pane) after a change")
            }
            for list in ["health", "freshness"] {
                #expect(console.stdout.contains("\(size) \(list) scroll"))
                #expect(console.stdout.contains("\(size) \(list) filter typing"))
            }
            for action in ["action a (acknowledge)", "action n + ⏎ (note)", "action S (standup)", "action : + ⏎ (jump)", "palette typing",
                           "store change seen"] {
                #expect(console.stdout.contains("\(size) \(action)"), "\(size) \(action)")
            }
        }
        #expect(console.stdout.components(separatedBy: " p99 ").count - 1 == 46, "one line per measurement")

        let bench = try runProcess(VigilBinary.devPath, ["bench", "store", "--store", store, "--run-updates", "1000"], timeout: 300)
        #expect(bench.status == 0, "\(bench.stderr)")
        for figure in ["snapshot, first of a process", "snapshot, again (lineage unchanged", "snapshot after a write",
                       "detection after a collector pass",
                       "change token", "runs of a pipeline", "task instances of a run", "dataset freshness history", "incident history",
                       "snapshot held in memory:", "bytes per dataset (60 datasets)", "1000 run updates in",
                       "60 freshness observations in one pass"] {
            #expect(bench.stdout.contains(figure), "\(figure)")
        }
    }
}
