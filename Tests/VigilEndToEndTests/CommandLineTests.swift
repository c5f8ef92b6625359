import Foundation
import Testing
import VigilTestSupport

/// The console refuses to draw without a terminal; status speaks Nagios.
@Suite struct CommandLineTests {
    @Test func consoleWithoutATerminalExitsWithStatus2() throws {
        let home = try makeTempDirectory("notty")
        defer { try? FileManager.default.removeItem(at: home) }
        let r = try runProcess(VigilBinary.path, ["console", "--store", home.appendingPathComponent("s.db").path],
                               environment: ["TERM": "xterm-256color"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("terminal"))
        #expect(r.stdout.isEmpty)
    }

    @Test func dumbTerminalExitsWithStatus2() throws {
        let home = try makeTempDirectory("dumb")
        defer { try? FileManager.default.removeItem(at: home) }
        // A real TTY (tmux) with TERM=dumb: the console explains itself instead of drawing garbage.
        let tmux = try TmuxSession(width: 120, height: 30, directory: home)
        try tmux.type("clear; TERM=dumb \(VigilBinary.path) console --store \(home.path)/s.db; echo EXIT=$?")
        #expect(try tmux.waitForExit() == 2)
        #expect(try tmux.screen().contains("TERM=dumb cannot draw"))
    }

    /// The developers' benchmarks and load generator live in `vigil-dev`, not in the shipped binary.
    @Test func theShippedBinaryHasNoBenchOrStress() throws {
        let help = try runProcess(VigilBinary.path, ["--help"])
        #expect(help.status == 0)
        #expect(!help.stdout.contains("bench") && !help.stdout.contains("stress"), "\(help.stdout)")
        let home = try makeTempDirectory("nodev")
        defer { try? FileManager.default.removeItem(at: home) }
        let store = home.appendingPathComponent("s.db").path
        for command in [["bench", "generate", "--store", store], ["stress", "write", "--store", store]] {
            let r = try runProcess(VigilBinary.path, command)
            #expect(r.status == 64 && r.stderr.contains("unexpected arguments: '\(command[0])'"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: store))
        let dev = try runProcess(VigilBinary.devPath, ["--help"])
        #expect(dev.status == 0)
        #expect(dev.stdout.contains("bench") && dev.stdout.contains("stress"), "\(dev.stdout)")
    }

    @Test func statusOfAMissingStoreIsUnknown() throws {
        let home = try makeTempDirectory("missing")
        defer { try? FileManager.default.removeItem(at: home) }
        let r = try runProcess(VigilBinary.path, ["status", "--store", home.appendingPathComponent("none.db").path, "--format", "json"])
        #expect(r.status == 3)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["status"] as? String == "UNKNOWN")
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("none.db").path))
    }

    @Test func statusJSONOfTheDemoIsCriticalWithEveryField() throws {
        let home = try makeTempDirectory("status")
        defer { try? FileManager.default.removeItem(at: home) }
        let store = home.appendingPathComponent("demo.db").path
        let writer = try DemoWriter(store: store)
        defer { writer.stop() }
        var result: ProcessResult?
        // The demo's first backfill (about 3 s alone in a debug build), on a loaded 2-core CI machine.
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline {
            let r = try runProcess(VigilBinary.path, ["status", "--store", store, "--format", "json"])
            // Each simulated source's first pass lands on its own, as real sources' do (and the Spark job's pushed
            // events): wait for all four.
            let object = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            if r.status != 3, (object?["sources"] as? [Any])?.count == 4 { result = r; break }
            usleep(200_000)
        }
        let r = try #require(result)
        // The demo story: tier-1 customer_sync is failing, so the platform is CRITICAL.
        #expect(r.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "CRITICAL")
        let sources = try #require(object["sources"] as? [[String: Any]])  // four: the loop waited for them
        #expect(Set(sources[0].keys).isSuperset(of: ["name", "kind", "state", "last_success_at"]))
        let pipelines = try #require(object["pipelines"] as? [[String: Any]])
        #expect(pipelines.count >= 35)
        let sync = try #require(pipelines.first { $0["id"] as? String == "customer_sync" })
        #expect(sync["state"] as? String == "failing")
        let lastRun = try #require(sync["last_run"] as? [String: Any])
        #expect(Set(lastRun.keys).isSuperset(of: ["id", "state", "started_at", "ended_at", "duration_s"]))
        let datasets = try #require(object["datasets"] as? [[String: Any]])
        #expect(datasets.count >= 100)
        #expect(Set(datasets[0].keys).isSuperset(of: ["name", "tier", "freshness_state", "lag_s"]))
        let incidents = try #require(object["incidents"] as? [[String: Any]])
        #expect(incidents.allSatisfy { Set($0.keys).isSuperset(of: ["id", "title", "severity", "state", "opened_at"]) })

        let text = try runProcess(VigilBinary.path, ["status", "--store", store])
        #expect(text.status == 2)
        #expect(text.stdout.hasPrefix("VIGIL CRITICAL"))
    }
}
