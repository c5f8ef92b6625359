import Foundation
import Testing
@testable import VigilCollectors

@Suite struct OpenLineageDecodingTests {
    @Test func everyCapturedEventIsAccepted() throws {
        let names = try OpenLineageFixtures.all()
        #expect(names.count == 49)
        for name in names {
            #expect(throws: Never.self, "\(name)") { try OpenLineageEvent.decode(OpenLineageFixtures.data(name)) }
        }
    }

    @Test func kindsFromSchemaURL() throws {
        #expect(try OpenLineageEvent.decode(OpenLineageFixtures.data("ol-001.json")).kind == .run)
        let dataset = try OpenLineageEvent.decode(OpenLineageFixtures.data("ol-009.json"))
        #expect(dataset.kind == .dataset && dataset.runID == nil && dataset.job == nil)
        let job = try OpenLineageEvent.decode(OpenLineageFixtures.data("ol-010.json"))
        #expect(job.kind == .job && job.runID == nil && job.job?.name == "orders_etl.load_orders")
    }

    @Test func timeFormatsEmittersUse() throws {
        let z = try #require(OpenLineageTime.parse("2026-12-03T06:35:38.508548Z"))
        #expect(OpenLineageTime.parse("2026-12-03T06:35:38.508548+00:00") == z)
        #expect(OpenLineageTime.parse("2026-12-03T06:35:38.508548") == z)
        #expect(OpenLineageTime.parse("2026-12-03T08:35:38.508548+02:00") == z)
        #expect(OpenLineageTime.parse("2026-12-03T06:35:38Z") == Date(timeIntervalSince1970: 1_796_279_738))
        #expect(abs(z.timeIntervalSince1970 - 1_796_279_738.508548) < 1e-6)
        for bad in ["2021-11-03", "2026-13-03T00:00:00Z", "2026-02-30T00:00:00Z", "2026-12-03T06:35:38.Z",
                    "2026-12-03T06:35:38+0", "yesterday", "2026-12-03T06:35:38Zjunk"] {
            #expect(OpenLineageTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func oneInstantSpelledTwoWaysIsOneEvent() throws {
        let a = try OpenLineageEvent.decode(OpenLineageFixtures.mutated("ol-001.json") { $0["eventTime"] = "2026-12-03T06:33:38.983527Z" })
        let b = try OpenLineageEvent.decode(OpenLineageFixtures.mutated("ol-001.json") { $0["eventTime"] = "2026-12-03T06:33:38.983527+00:00" })
        #expect(a.dedupeKey == b.dedupeKey)
        let complete = try OpenLineageEvent.decode(OpenLineageFixtures.data("ol-003.json"))
        #expect(complete.dedupeKey != a.dedupeKey)
    }

    /// The malformed corpus: each case is a 4xx naming what is wrong.
    @Test(arguments: [
        ("truncated", 400, "not valid JSON"),
        ("array", 400, "not a JSON object"),
        ("eventTime number", 422, "eventTime has the wrong type"),
        ("eventTime missing", 422, "eventTime is missing"),
        ("eventTime date only", 422, "not a date-time"),
        ("producer missing", 422, "producer is missing"),
        ("unknown eventType", 422, "eventType 'FINISHED' is not one of"),
        ("wrong schema", 422, "not an OpenLineage RunEvent"),
        ("runId missing", 422, "run.runId is missing"),
        ("runId not a uuid", 422, "is not a UUID"),
        ("job name missing", 422, "job.name is missing"),
        ("inputs not a list", 422, "inputs has the wrong type"),
        ("input without name", 422, "inputs[0].name is missing"),
        ("parent without run", 422, "run.facets.parent.run.runId"),
        ("rowCount text", 422, "outputs[0].outputFacets.outputStatistics.rowCount has the wrong type"),
        ("namespace with slash", 422, "has a '/'"),
    ])
    func malformedEventsAreRefused(_ name: String, status: Int, reason: String) throws {
        let body = try Self.corpus(name)
        #expect {
            try OpenLineageEvent.decode(body)
        } throws: { error in
            let r = error as! OpenLineageRejection
            return r.status == status && r.reason.contains(reason)
        }
    }

    static func corpus(_ name: String) throws -> Data {
        let base = "ol-003.json"
        func set(_ change: @escaping (inout [String: Any]) -> Void) throws -> Data { try OpenLineageFixtures.mutated(base, change) }
        switch name {
        case "truncated": let d = try OpenLineageFixtures.data(base); return d.prefix(d.count / 2)
        case "array": return Data("[{}]".utf8)
        case "eventTime number": return try set { $0["eventTime"] = 5 }
        case "eventTime missing": return try set { $0["eventTime"] = nil }
        case "eventTime date only": return try set { $0["eventTime"] = "2021-11-03" }
        case "producer missing": return try set { $0["producer"] = nil }
        case "unknown eventType": return try set { $0["eventType"] = "FINISHED" }
        case "wrong schema": return try set { $0["schemaURL"] = "https://json-schema.org/draft/2020-12/schema" }
        case "runId missing": return try set { $0["run"] = ["facets": [String: Any]()] }
        case "runId not a uuid": return try set { $0["run"] = ["runId": "run-42"] }
        case "job name missing": return try set { $0["job"] = ["namespace": "airflow-prod"] }
        case "inputs not a list": return try set { $0["inputs"] = "shop.public.orders" }
        case "input without name": return try set { $0["inputs"] = [["namespace": "postgres://db:5432"]] }
        case "parent without run":
            return try set {
                var run = $0["run"] as! [String: Any]
                run["facets"] = ["parent": ["job": ["namespace": "airflow-prod", "name": "orders_etl"], "run": [String: Any]()]]
                $0["run"] = run
            }
        case "rowCount text":
            return try set {
                var outputs = $0["outputs"] as! [[String: Any]]
                outputs[0]["outputFacets"] = ["outputStatistics": ["rowCount": "31"]]
                $0["outputs"] = outputs
            }
        case "namespace with slash": return try set { $0["job"] = ["namespace": "prod/airflow", "name": "orders_etl"] }
        default: fatalError(name)
        }
    }
}
