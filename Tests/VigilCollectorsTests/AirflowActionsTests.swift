import Foundation
import Testing
import VigilConfig
import VigilCollectors
import VigilCore

/// The actions client against the answers captured from Airflow 3.3.2 and 2.10.5 (Fixtures/*/README.md, "Actions"):
/// what it sends (method, path, body, credential), what it makes of the answers, and how refusals read.
@Suite struct AirflowActionsTests {
    typealias F = AirflowFixtures
    static let run3 = "manual__2026-12-03T10:31:36.057648+00:00"
    static let run2 = "manual__2026-12-03T10:33:45.021447+00:00"
    static let opsPassword = "ops-s3cret-9f2"
    static let viewerPassword = "viewer-s3cret-41c"

    /// Airflow 3 or 2 answering the actions as captured. `vigil-ops` may write; `vigil` (the viewer) is refused with
    /// the captured 403. Airflow 3 logs each in (token "jwt-USER"); Airflow 2 takes basic auth.
    static func airflow(_ api: AirflowAPI) -> ReplayTransport.Route {
        { sent in
            let v2 = api == .v2
            func file(_ name: String) throws -> Data { v2 ? try F.v2(name) : try F.v1(name) }
            let dag = v2 ? "vigil_actions" : "vigil2_actions"
            let prefix = "/api/\(api.rawValue)"
            if sent.path == "/auth/token" {
                let login = try JSONSerialization.jsonObject(with: sent.body ?? Data()) as? [String: String] ?? [:]
                let ok = [("vigil-ops", opsPassword), ("vigil", viewerPassword)].contains {
                    login["username"] == $0.0 && login["password"] == $0.1
                }
                return ok ? HTTPResponse(status: 201, body: F.loginBody("jwt-\(login["username"]!)"))
                    : HTTPResponse(status: 401, body: try F.v2("error_401_auth_token_wrong_password.json"))
            }
            if sent.path == "\(prefix)/version" { return .ok(try file("version.json")) }
            let user: String?
            switch sent.authorization {
            case "Bearer jwt-vigil-ops" where v2, basic("vigil-ops", opsPassword) where !v2: user = "vigil-ops"
            case "Bearer jwt-vigil" where v2, basic("vigil", viewerPassword) where !v2: user = "vigil"
            default: user = nil
            }
            guard let user else {
                return HTTPResponse(status: 401, body: v2 ? try F.v2("error_401_no_token.json")
                    : try F.v1("error_401_bad_basic_auth.json"))
            }
            let writer = user == "vigil-ops"
            switch (sent.method, sent.path) {
            case ("POST", "\(prefix)/dags/\(dag)/clearTaskInstances"):
                guard writer else { return HTTPResponse(status: 403, body: try file("error_403_viewer_cannot_clear.json")) }
                let body = try JSONSerialization.jsonObject(with: sent.body ?? Data()) as? [String: Any] ?? [:]
                guard body["dag_run_id"] as? String == (v2 ? run3 : run2) else {
                    return HTTPResponse(status: 404, body: try file("error_404_clear_missing_run.json"))
                }
                if body["dry_run"] as? Bool == false { return .ok(try file("clear_\(dag)_fail_on_purpose.json")) }
                return .ok(try file("clear_dry_run_\(dag)_fail_on_purpose"
                    + (body["include_downstream"] as? Bool == true ? "_downstream" : "") + ".json"))
            case ("POST", "\(prefix)/dags/vigil_missing/clearTaskInstances"):
                return HTTPResponse(status: 404, body: try file("error_404_clear_missing_dag.json"))
            case ("GET", "\(prefix)/dags/\(dag)"):
                return .ok(try file("dag_\(dag).json"))
            case ("POST", "\(prefix)/dags/\(dag)/dagRuns"):
                guard writer else { return HTTPResponse(status: 403, body: try file("error_403_viewer_cannot_clear.json")) }
                return .ok(try file("trigger_dag_run_\(dag).json"))
            case ("PATCH", "\(prefix)/dags/\(dag)"):
                guard writer else { return HTTPResponse(status: 403, body: try file("error_403_viewer_cannot_pause.json")) }
                let body = try JSONSerialization.jsonObject(with: sent.body ?? Data()) as? [String: Bool]
                return .ok(try file("patch_dag_\(body?["is_paused"] == true ? "pause" : "unpause")_\(dag).json"))
            default:
                return HTTPResponse(status: 404, body: try file("error_404_missing_dag.json"))
            }
        }
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    static func actions(_ api: AirflowAPI, user: String = "vigil-ops", password: String = opsPassword)
        -> (AirflowActions, ReplayTransport) {
        let transport = ReplayTransport(airflow(api))
        let settings = AirflowSettings(name: "airflow-it", baseURL: URL(string: "http://airflow.example:8080")!, api: api,
                                       credentials: .password(username: user, password: password))
        return (AirflowActions(settings: settings, transport: transport), transport)
    }

    static func dag(_ api: AirflowAPI) -> String { api == .v2 ? "vigil_actions" : "vigil2_actions" }
    static func run(_ api: AirflowAPI) -> String { api == .v2 ? run3 : run2 }
    static func clear(_ api: AirflowAPI, task: String = "fail_on_purpose", run: String? = nil, dag: String? = nil)
        -> OrchestratorAction {
        .clearTask(source: "airflow-it", pipelineID: dag ?? Self.dag(api), runID: run ?? Self.run(api), taskID: task)
    }

    static func json(_ request: SentRequest?) -> [String: Any] {
        (request?.body).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
    }

    @Test(arguments: AirflowAPI.allCases)
    func theDryRunListsExactlyTheTaskInstanceAndSaysWhichDownstreamOnesStay(_ api: AirflowAPI) async throws {
        let (actions, transport) = Self.actions(api)
        let preview = try await actions.preview(Self.clear(api))
        // Airflow 3 says the state; Airflow 2's answer has none.
        #expect(preview.affected == ["fail_on_purpose in run \(Self.run(api))" + (api == .v2 ? " (failed)" : "")])
        #expect(preview.note == "not cleared, downstream: after" + (api == .v2 ? " (upstream_failed)" : ""))
        let clears = transport.requests.filter { $0.path.hasSuffix("/clearTaskInstances") }
        #expect(clears.count == 2 && clears.allSatisfy { $0.method == "POST" })
        for (request, downstream) in zip(clears, [false, true]) {
            let body = Self.json(request)
            #expect(body["dry_run"] as? Bool == true)
            #expect(body["dag_run_id"] as? String == Self.run(api))
            #expect(body["task_ids"] as? [String] == ["fail_on_purpose"])
            #expect(body["only_failed"] as? Bool == false)
            #expect(body["reset_dag_runs"] as? Bool == true)
            #expect(body["include_downstream"] as? Bool == downstream)
            for key in ["include_upstream", "include_future", "include_past"] { #expect(body[key] as? Bool == false, "\(key)") }
        }
        #expect(transport.requests.allSatisfy { $0.method == "POST" || $0.path.hasSuffix("/version") })
    }

    @Test(arguments: AirflowAPI.allCases)
    func performingTheClearSendsItWithoutDryRunAndSaysWhatAirflowCleared(_ api: AirflowAPI) async throws {
        let (actions, transport) = Self.actions(api)
        let outcome = try await actions.perform(Self.clear(api), actor: "alice")
        #expect(outcome.text == "Airflow cleared 1 task instance (fail_on_purpose) of run \(Self.run(api)); "
            + "the run is queued to go again")
        let clears = transport.requests.filter { $0.path.hasSuffix("/clearTaskInstances") }
        #expect(clears.count == 1)
        #expect(Self.json(clears.first)["dry_run"] as? Bool == false)
        #expect(Self.json(clears.first)["include_downstream"] as? Bool == false)
    }

    @Test func aMappedTaskIsClearedByItsMapIndexOnAirflow3AndWhollyOnAirflow2() async throws {
        let (three, sent3) = Self.actions(.v2)
        _ = try await three.perform(Self.clear(.v2, task: "load[3]"), actor: "alice")
        let body3 = try #require(Self.json(sent3.requests.first { $0.path.hasSuffix("/clearTaskInstances") })["task_ids"] as? [Any])
        let marker = try #require(body3.first as? [Any])
        #expect(body3.count == 1 && marker.count == 2 && marker.first as? String == "load" && marker.last as? Int == 3)

        let (two, sent2) = Self.actions(.v1)
        _ = try await two.perform(Self.clear(.v1, task: "load[3]"), actor: "alice")
        #expect(Self.json(sent2.requests.first { $0.path.hasSuffix("/clearTaskInstances") })["task_ids"] as? [String] == ["load"])
        let preview = try await two.preview(Self.clear(.v1, task: "load[3]"))
        #expect(preview.note?.hasPrefix("Airflow 2 clears every map index of the task") == true)
    }

    @Test(arguments: AirflowAPI.allCases)
    func aTriggeredRunIsManualWithANoteSayingWhoAsked(_ api: AirflowAPI) async throws {
        let (actions, transport) = Self.actions(api)
        let outcome = try await actions.perform(.triggerRun(source: "airflow-it", pipelineID: Self.dag(api)), actor: "alice")
        let runID = api == .v2 ? "manual__2026-12-03T10:34:03.784317+00:00" : "manual__2026-12-03T10:34:23.214960+00:00"
        #expect(outcome.text == "Airflow created run \(runID) of DAG \(Self.dag(api)) (queued)")
        let post = try #require(transport.requests.first { $0.path.hasSuffix("/dagRuns") })
        #expect(post.method == "POST")
        let body = Self.json(post)
        #expect(body["note"] as? String == "triggered from Vigil by alice")
        // Airflow 3 answers 422 without logical_date; Airflow 2 sets it itself.
        if api == .v2 {
            #expect(body.keys.contains("logical_date") && body["logical_date"] is NSNull)
        } else {
            #expect(!body.keys.contains("logical_date"))
        }
    }

    @Test(arguments: AirflowAPI.allCases)
    func pauseAndUnpausePatchIsPausedAlone(_ api: AirflowAPI) async throws {
        let (actions, transport) = Self.actions(api)
        let paused = try await actions.perform(.setPaused(source: "airflow-it", pipelineID: Self.dag(api), paused: true),
                                               actor: "alice")
        #expect(paused.text == "DAG \(Self.dag(api)) is paused now")
        let unpaused = try await actions.perform(.setPaused(source: "airflow-it", pipelineID: Self.dag(api), paused: false),
                                                 actor: "alice")
        #expect(unpaused.text == "DAG \(Self.dag(api)) is unpaused now")
        let patches = transport.requests.filter { $0.method == "PATCH" }
        #expect(patches.map(\.path) == Array(repeating: "/api/\(api.rawValue)/dags/\(Self.dag(api))", count: 2))
        #expect(patches.allSatisfy { $0.query == ["update_mask": "is_paused"] })
        #expect(patches.map { Self.json($0) as? [String: Bool] } == [["is_paused": true], ["is_paused": false]])
    }

    @Test(arguments: AirflowAPI.allCases)
    func previewsOfTriggerAndPauseSayWhatMatters(_ api: AirflowAPI) async throws {
        let (actions, transport) = Self.actions(api)
        let trigger = try await actions.preview(.triggerRun(source: "airflow-it", pipelineID: Self.dag(api)))
        #expect(trigger == ActionPreview(affected: ["a new run of DAG \(Self.dag(api))"]))
        let unpause = try await actions.preview(.setPaused(source: "airflow-it", pipelineID: Self.dag(api), paused: false))
        #expect(unpause.note == "DAG \(Self.dag(api)) is already unpaused")
        #expect(transport.requests.allSatisfy { $0.method == "GET" || $0.path == "/auth/token" })
    }

    /// A read-only user put under `actions:` by mistake: Airflow's 403, said as what the credential may not do.
    @Test(arguments: AirflowAPI.allCases)
    func aCredentialWithoutWriteRightsIsRefusedInWords(_ api: AirflowAPI) async throws {
        let (actions, _) = Self.actions(api, user: "vigil", password: Self.viewerPassword)
        let error = await #expect(throws: AirflowError.self) { try await actions.perform(Self.clear(api), actor: "alice") }
        #expect(error?.description == "source 'airflow-it': the actions credential may not clear task fail_on_purpose of "
            + "run \(Self.run(api)) in DAG \(Self.dag(api)) (HTTP 403: Forbidden); give its user a role that may "
            + "(Airflow 3: user or op; Airflow 2: User or Op)")
        let pause = await #expect(throws: AirflowError.self) {
            try await actions.perform(.setPaused(source: "airflow-it", pipelineID: Self.dag(api), paused: true), actor: "alice")
        }
        #expect(pause?.description.contains("may not pause DAG \(Self.dag(api)) (HTTP 403: Forbidden)") == true)
    }

    @Test(arguments: AirflowAPI.allCases)
    func aMissingDAGOrRunIsSaidSo(_ api: AirflowAPI) async throws {
        let (actions, _) = Self.actions(api)
        let dag = await #expect(throws: AirflowError.self) {
            try await actions.preview(Self.clear(api, dag: "vigil_missing"))
        }
        let dagDetail = api == .v2 ? "The Dag with ID: `vigil_missing` was not found" : "Dag id vigil2_missing not found"
        #expect(dag?.reason == "cannot clear task fail_on_purpose of run \(Self.run(api)) in DAG vigil_missing: Airflow has "
            + "no such DAG, run or task (HTTP 404: \(dagDetail))")
        let run = await #expect(throws: AirflowError.self) { try await actions.preview(Self.clear(api, run: "manual__missing")) }
        #expect(run?.reason.hasSuffix("(HTTP 404: Dag Run id manual__missing not found in dag \(Self.dag(api)))") == true)
    }

    @Test func aWrongActionsPasswordIsRefusedWithoutShowingIt() async throws {
        let (actions, transport) = Self.actions(.v2, password: "hunter2-wrong")
        let error = await #expect(throws: AirflowError.self) { try await actions.perform(Self.clear(.v2), actor: "alice") }
        let text = try #require(error?.description)
        #expect(text.hasPrefix("source 'airflow-it': Airflow refused the actions credential (HTTP 401: Invalid credentials)"),
                "\(text)")
        #expect(!text.contains("hunter2-wrong"))
        #expect(!transport.requests.contains { $0.path.hasSuffix("/clearTaskInstances") })
    }

    /// The client of the actions is built from `actions:` alone; a source without it cannot have one.
    @Test func theActionsSettingsUseTheActionsCredentialOnly() throws {
        var config = SourceConfig(name: "airflow-it", kind: .airflow, url: URL(string: "http://airflow.example:8080"),
                                  username: "vigil", password: .env("VIEWER_PW"))
        let environment = ["VIEWER_PW": Self.viewerPassword, "OPS_PW": Self.opsPassword]
        #expect(throws: AirflowError.configuration(source: "airflow-it",
                                                   reason: "it has no actions: credential, so it takes no actions")) {
            try AirflowSettings(actionsOf: config, environment: environment)
        }
        config.actions = ActionsCredential(username: "vigil-ops", password: .env("OPS_PW"))
        #expect(try AirflowSettings(actionsOf: config, environment: environment).credentials
            == .password(username: "vigil-ops", password: Self.opsPassword))
        #expect(try AirflowSettings(config: config, environment: environment).credentials
            == .password(username: "vigil", password: Self.viewerPassword))
        config.actions = ActionsCredential(token: .env("OPS_TOKEN"))
        let missing = #expect(throws: AirflowError.self) { try AirflowSettings(actionsOf: config, environment: environment) }
        #expect(missing?.reason.hasPrefix("actions: environment variable OPS_TOKEN is not set") == true)
    }
}
