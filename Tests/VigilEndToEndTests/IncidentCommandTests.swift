import Foundation
import Testing
import VigilTestSupport

/// `vigil incident` as a script or chat-op would use it, on the real binary.
@Suite struct IncidentCommandTests {
    @Test func openWorkResolveAndPostmortemFromTheCommandLine() throws {
        let dir = try makeTempDirectory("incident")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("vigil.db").path
        func vigil(_ args: [String], user: String = "ana") throws -> ProcessResult {
            try runProcess(VigilBinary.path, ["incident"] + args + ["--store", store, "--user", user])
        }
        let opened = try vigil(["open", "--title", "CRM sync failing", "--severity", "sev3"])
        #expect(opened.status == 0)
        #expect(opened.stdout == "INC-1\n")
        #expect(try vigil(["ack", "INC-1"], user: "bob").status == 0)
        let again = try vigil(["ack", "INC-1"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("INC-1 is acknowledged: cannot acknowledge"))
        #expect(try vigil(["note", "INC-1", "Relancé la tâche ✓ 日本語"], user: "bob").status == 0)
        #expect(try vigil(["severity", "INC-1", "sev2"]).status == 0)

        // Read-only refuses every change, and says why.
        for args in [["ack", "INC-1"], ["note", "INC-1", "x"], ["severity", "INC-1", "sev1"], ["resolve", "INC-1", "--as", "fixed"],
                     ["open", "--title", "t", "--severity", "sev4"], ["lead", "INC-1"], ["mitigate", "INC-1"]] {
            let r = try vigil(args + ["--read-only"])
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains("read-only"), "\(args): \(r.stderr)")
        }

        let unsaid = try vigil(["resolve", "INC-1", "CRM", "back"])
        #expect(unsaid.status != 0)
        #expect(unsaid.stderr.contains("--as"), "resolving asks how: \(unsaid.stderr)")
        let typo = try vigil(["resolve", "INC-1", "--as", "fixd", "CRM", "back"])
        #expect(typo.status != 0)
        #expect(typo.stderr.contains("fixed"), "the kinds are named: \(typo.stderr)")
        #expect(try vigil(["resolve", "INC-1", "--as", "upstream", "CRM", "back"]).status == 0)
        let list = try vigil(["list"])
        #expect(list.stdout.hasPrefix("INC-1\tSEV2\tresolved\tbob\t"))
        let show = try vigil(["show", "INC-1"])
        #expect(show.stdout.contains("bob\tnote\tRelancé la tâche ✓ 日本語"))
        #expect(show.stdout.contains("resolved as upstream: CRM back"))
        let postmortem = try vigil(["postmortem", "INC-1"])
        #expect(postmortem.status == 0)
        let kinds = postmortem.stdout.split(separator: "\n").filter { $0.hasPrefix("| 20") }.compactMap { line in
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.last?.split(separator: ":").first.map(String.init)
        }
        #expect(kinds == ["**detected**", "**acknowledged**", "**note**", "**severity changed**", "**resolved**"])
        #expect(try vigil(["show", "INC-7"]).stderr.contains("no incident INC-7 in the store"))

        // Titles and names come from the sources (detection names datasets in them): printed through the sanitizer.
        _ = try sqlite(store, """
            UPDATE incidents SET title = 'raw.x' || char(27) || '[2J stale' || char(10) || 'again',
              affected_datasets = '["raw.\\u001b]52;c;AAAA\\u0007x"]' WHERE id = 'INC-1'
            """)
        for args in [["list"], ["show", "INC-1"]] {
            let out = try vigil(args).stdout
            #expect(!out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(args): \(out.debugDescription)")
            #expect(out.contains("raw.x stale ⏎ again"), "\(args)")
        }
        #expect(try vigil(["show", "INC-1"]).stdout.contains("datasets: raw.x\n"))
    }

    @Test func actionItemsAddedDoneReopenedListedAndReported() throws {
        let dir = try makeTempDirectory("actions")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("vigil.db").path
        func vigil(_ args: [String], user: String = "ana") throws -> ProcessResult {
            try runProcess(VigilBinary.path, ["incident"] + args + ["--store", store, "--user", user])
        }
        #expect(try vigil(["open", "--title", "CRM sync failing", "--severity", "sev2"]).stdout == "INC-1\n")
        #expect(try vigil(["resolve", "INC-1", "--as", "upstream"]).status == 0)
        let first = try vigil(["action", "add", "INC-1", "--text", "Retry the CRM with backoff", "--owner", "bob", "--due", "2020-01-10"])
        #expect(first.status == 0 && first.stdout == "1\n", "\(first.stderr)")
        // Hostile text from a paste: stored cleaned, never echoed raw.
        let second = try vigil(["action", "add", "INC-1", "--text", "Alert \u{1B}]52;c;AAAA\u{07}sooner\u{1B}[2J"])
        #expect(second.stdout == "2\n")
        #expect(try vigil(["action", "done", "INC-1", "2"], user: "bob").status == 0)

        // Clear refusals: a day that is not one, an unknown incident or number, done twice, read-only.
        let badDay = try vigil(["action", "add", "INC-1", "--text", "x", "--due", "2020-02-30"])
        #expect(badDay.status == 1 && badDay.stderr.contains("--due 2020-02-30 is not a day: YYYY-MM-DD"))
        #expect(try vigil(["action", "add", "INC-7", "--text", "x"]).stderr.contains("no incident INC-7 in the store"))
        #expect(try vigil(["action", "done", "INC-1", "9"]).stderr.contains("INC-1 has no action item 9"))
        #expect(try vigil(["action", "done", "INC-1", "2"]).stderr.contains("INC-1 action item 2 is done already"))
        #expect(try vigil(["action", "reopen", "INC-1", "1"]).stderr.contains("INC-1 action item 1 is open already"))
        for args in [["action", "add", "INC-1", "--text", "x"], ["action", "done", "INC-1", "1"], ["action", "reopen", "INC-1", "2"]] {
            let r = try vigil(args + ["--read-only"])
            #expect(r.status == 1 && r.stderr.contains("read-only"), "\(args)")
        }
        #expect(try vigil(["action", "list", "INC-7"]).stderr.contains("no incident INC-7 in the store"))

        // The incident's items, open first; tab-separated for scripts. Due 2020-01-10 has long passed: overdue.
        let list = try vigil(["action", "list", "INC-1"])
        #expect(list.stdout == "INC-1\t1\toverdue\tbob\t2020-01-10\tRetry the CRM with backoff\nINC-1\t2\tdone\t-\t-\tAlert sooner\n")
        #expect(try vigil(["action", "list", "INC-1", "--open"]).stdout.split(separator: "\n").count == 1)
        #expect(try vigil(["action", "reopen", "INC-1", "2"]).status == 0)
        let json = try vigil(["action", "list", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["number"] as? Int } == [1, 2], "every open item, soonest due first, none due last")
        #expect(rows[0]["overdue"] as? Bool == true && rows[0]["due"] as? String == "2020-01-10" && rows[0]["state"] as? String == "overdue")
        #expect(rows[1]["due"] is NSNull && rows[1]["owner"] is NSNull && rows[1]["done_at"] is NSNull && rows[1]["created_by"] as? String == "ana")

        // show, the postmortem and the timeline name them.
        let show = try vigil(["show", "INC-1"]).stdout
        #expect(show.contains("action items:\n  #1 [ ] Retry the CRM with backoff — owner bob · due 2020-01-10 · overdue\n  #2 [ ] Alert sooner\n"))
        #expect(show.contains("bob\taction_item\t#2 done: Alert sooner"))
        #expect(show.contains("ana\taction_item\t#2 reopened: Alert sooner"))
        #expect(!show.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        let postmortem = try vigil(["postmortem", "INC-1"]).stdout
        #expect(postmortem.contains("## Action items\n\n- [ ] 1. Retry the CRM with backoff — owner bob · due 2020-01-10 · overdue\n- [ ] 2. Alert sooner\n"))

        // The scorecard lists them, overdue first.
        let report = try runProcess(VigilBinary.path, ["report", "--store", store])
        #expect(report.stdout.contains("- [ ] INC-1 #1 (SEV2): Retry the CRM with backoff — owner bob · due 2020-01-10 · overdue\n"
                                       + "- [ ] INC-1 #2 (SEV2): Alert sooner — no owner, no due day\n"), "\(report.stdout)")
    }
}
