import Foundation
import Testing
import VigilTestSupport

/// `vigil change record` and `vigil change list` as a deploy script would use them, on the real binary.
@Suite struct ChangeCommandTests {
    @Test func recordThenListAsTSVAndJSON() throws {
        let dir = try makeTempDirectory("change")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("vigil.db").path
        func vigil(_ args: [String]) throws -> ProcessResult {
            try runProcess(VigilBinary.path, ["change"] + args + ["--store", store])
        }
        let at = Date().addingTimeInterval(-3_600).formatted(Date.ISO8601FormatStyle())
        let recorded = try vigil(["record", "--title", "Deploy payments 2.4 \u{1b}[31m(hotfix)", "--pipeline", "prod-airflow/payments_ingest",
                                  "--dataset", "raw.payments", "--at", at, "--ref", "v2.4", "--user", "ana"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout == "manual:manual:release:v2.4\n")
        // The same --ref again is stored once.
        let again = try vigil(["record", "--title", "Deploy payments 2.4", "--ref", "v2.4", "--user", "ana"])
        #expect(again.status == 0)
        #expect(again.stderr.contains("already recorded"))
        let noRef = try vigil(["record", "--title", "Flip feature flag", "--user", "bob"])
        #expect(noRef.status == 0 && noRef.stdout.hasPrefix("manual:manual:release:"))

        let bad = try vigil(["record", "--title", "x", "--pipeline", "payments_ingest"])
        #expect(bad.status == 1 && bad.stderr.contains("is not SOURCE/ID"))
        let badTime = try vigil(["record", "--title", "x", "--at", "yesterday"])
        #expect(badTime.status == 1 && badTime.stderr.contains("ISO 8601"))
        let readOnly = try vigil(["record", "--title", "x", "--read-only"])
        #expect(readOnly.status == 1 && readOnly.stderr.contains("read-only"))

        let list = try vigil(["list"])
        #expect(list.status == 0)
        let rows = list.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == 2)
        // Newest first: the flag flip (now), then the deploy an hour ago, its escape sequence cleaned.
        #expect(rows.first?[2] == "manual" && rows.first?[3] == "Flip feature flag" && rows.first?[6] == "bob")
        #expect(rows.last == [at, "manual", "manual", "Deploy payments 2.4 (hotfix)",
                              "pipeline:prod-airflow/payments_ingest,dataset:raw.payments", "v2.4", "ana"])
        #expect(try vigil(["list", "--since", "30m"]).stdout.split(separator: "\n").count == 1)

        let json = try vigil(["list", "--format", "json"])
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(objects.count == 2)
        #expect(objects.last?["kind"] as? String == "manual")
        #expect(objects.last?["subjects"] as? [String] == ["pipeline:prod-airflow/payments_ingest", "dataset:raw.payments"])
        #expect(objects.last?["ref"] as? String == "v2.4")
        #expect(try vigil(["list", "--since", "soon"]).stderr.contains("not a duration"))
    }
}
