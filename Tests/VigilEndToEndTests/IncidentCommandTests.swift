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
}
