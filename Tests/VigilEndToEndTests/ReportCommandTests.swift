import Foundation
import Testing
import VigilTestSupport

/// `vigil report` on the real binary: the formats, the window options, hostile text, and mistakes in the options.
@Suite struct ReportCommandTests {
    @Test func formatsWindowAndMistakes() throws {
        let dir = try makeTempDirectory("report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("vigil.db").path
        let hostile = "CRM <script>alert(1)</script> | sync"
        func incident(_ args: [String]) throws -> ProcessResult {
            try runProcess(VigilBinary.path, ["incident"] + args + ["--store", store, "--user", "ana"])
        }
        func report(_ args: [String]) throws -> ProcessResult {
            try runProcess(VigilBinary.path, ["report", "--store", store] + args)
        }
        #expect(try incident(["open", "--title", hostile, "--severity", "sev2"]).status == 0)
        #expect(try incident(["resolve", "INC-1", "--as", "fixed", "back"]).status == 0)

        let json = try report(["--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let scopes = try #require(object["scopes"] as? [[String: Any]])
        let all = try #require(scopes.first?["total"] as? [String: Any])
        #expect(scopes.first?["scope"] as? String == "all")
        #expect(all["incidents"] as? Int == 1 && all["resolved"] as? Int == 1)
        // Opened by hand: not an alert, so no precision; no changes, so no change failure rate.
        #expect(all["alertPrecision"] is NSNull && all["changeFailureRate"] is NSNull)

        let md = try report([])
        #expect(md.status == 0)
        #expect(md.stdout.hasPrefix("# DataOps scorecard\n"))
        #expect(md.stdout.contains("| Incidents | 1 | 0 | 0 | 0 |"))

        let out = dir.appendingPathComponent("scorecard.html")
        let html = try report(["--format", "html", "--out", out.path])
        #expect(html.status == 0 && html.stdout.isEmpty)
        let page = try String(contentsOf: out, encoding: .utf8)
        #expect(page.contains("<svg ") && !page.contains("<script"))

        // A window before anything happened: an empty month, no figures.
        let past = try report(["--since", "30d", "--until", "2000-02-01", "--format", "json"])
        #expect(past.status == 0)
        #expect(past.stdout.contains("\"from\" : \"2000-01-02T00:00:00Z\""))
        #expect(past.stdout.contains("\"mttrP50\" : null"))

        let badSince = try report(["--since", "a month"])
        #expect(badSince.status != 0 && badSince.stderr.contains("--since"))
        let badUntil = try report(["--until", "yesterday"])
        #expect(badUntil.status != 0 && badUntil.stderr.contains("--until"))
    }
}
