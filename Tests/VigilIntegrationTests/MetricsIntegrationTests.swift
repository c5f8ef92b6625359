import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilTestSupport

/// What scripts/test (via scripts/prometheus-env) hands the /metrics tests: Debian's prometheus and promtool.
enum PrometheusEnvironment {
    static let prometheus = IntegrationEnvironment.variables["VIGIL_PROMETHEUS_BIN"]
    static let promtool = IntegrationEnvironment.variables["VIGIL_PROMTOOL_BIN"]
    static let vigilDev = IntegrationEnvironment.variables["VIGIL_DEV_BIN"]
    static let ready = prometheus != nil && promtool != nil && vigilDev != nil && OpenLineageEnvironment.vigil != nil
}

@Suite struct PrometheusGateTests {
    @Test(.enabled(if: IntegrationEnvironment.isCI))
    func ciProvidesPrometheus() {
        #expect(PrometheusEnvironment.prometheus != nil && PrometheusEnvironment.promtool != nil,
                "CI=true but VIGIL_PROMETHEUS_BIN / VIGIL_PROMTOOL_BIN are unset: scripts/test must run scripts/prometheus-env")
        #expect(PrometheusEnvironment.vigilDev != nil, "CI=true but VIGIL_DEV_BIN is unset")
    }
}

/// `vigil serve`'s `/metrics` on a store written by the real writers (`vigil-dev bench generate`: pipelines with runs,
/// datasets with freshness history and SLOs, incidents), linted by promtool and scraped by a real Prometheus.
@Suite(.serialized, .enabled(if: PrometheusEnvironment.ready))
struct MetricsIntegrationTests {
    /// A served store seeded with a small generated platform (not started: callers add arguments first).
    func seededServe(extraConfig: String = "") throws -> ServeProcess {
        let serve = try ServeProcess(extraConfig: extraConfig, start: false)
        let dev = try #require(PrometheusEnvironment.vigilDev)
        let generated = try ChildProcess.run(dev, ["bench", "generate", "--store", serve.storePath, "--pipelines", "12",
                                                   "--datasets", "40", "--days", "3", "--incidents", "6"], timeout: 120)
        try #require(generated.status == 0, "vigil-dev bench generate failed: \(generated.stderr)")
        return serve
    }

    struct Fetched {
        var status: Int
        var contentType: String?
        var body: String
    }

    func get(_ url: URL, token: String? = ServeProcess.token) async throws -> Fetched {
        var request = URLRequest(url: url)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await Post.session.data(for: request)
        let http = response as? HTTPURLResponse
        return Fetched(status: http?.statusCode ?? -1, contentType: http?.value(forHTTPHeaderField: "Content-Type"),
                       body: String(decoding: data, as: UTF8.self))
    }

    /// `promtool check metrics` on `text`: its exit status and what it printed.
    func promtool(_ text: String, in directory: URL) throws -> ProcessResult {
        let file = directory.appendingPathComponent("metrics.prom")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let tool = try #require(PrometheusEnvironment.promtool)
        return try ChildProcess.run("/bin/sh", ["-c", "exec \"$0\" check metrics < \"$1\"", tool, file.path])
    }

    @Test func promtoolFindsNothingToSayAboutTheRealOutput() async throws {
        let serve = try seededServe()
        try serve.start()
        defer { serve.stop(); serve.removeFiles() }
        let metrics = serve.baseURL.appendingPathComponent("metrics")
        let answer = try await get(metrics)
        #expect(answer.status == 200)
        #expect(answer.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(answer.body.contains("vigil_dataset_freshness_lag_seconds{dataset=\""))
        #expect(answer.body.contains("vigil_pipeline_state{source=\"airflow-prod\""))
        #expect(answer.body.contains("vigil_source_last_pass_duration_seconds{source=\"airflow-prod\",kind=\"airflow\"} 2.5"))
        let lint = try promtool(answer.body, in: serve.directory)
        #expect(lint.status == 0, "promtool: \(lint.stdout) \(lint.stderr)")
        #expect(lint.stdout.isEmpty && lint.stderr.isEmpty, "promtool: \(lint.stdout) \(lint.stderr)")
        // The server's bearer auth covers /metrics like every route.
        let anonymous = try await get(metrics, token: nil)
        #expect(anonymous.status == 401 && !anonymous.body.contains(ServeProcess.token))
        let wrong = try await get(metrics, token: "not-the-token")
        #expect(wrong.status == 401)
    }

    /// `--metrics-only` serves /metrics alone, read-only, without the collector lock: a `vigil serve` that takes the
    /// lock (as `vigil collect` does) starts beside it on the same store.
    @Test func metricsOnlyRunsBesideTheCollector() async throws {
        let metricsOnly = try seededServe()
        metricsOnly.extraArguments = ["--metrics-only"]
        try metricsOnly.start()
        defer { metricsOnly.stop(); metricsOnly.removeFiles() }
        #expect(metricsOnly.output.contains("metrics only"))
        // The full server on the same store and config: it takes the lock, which --metrics-only left free.
        let collector = try ServeProcess(start: false)
        try ("store: \(metricsOnly.storePath)\n" + "serve: {listen: 127.0.0.1:0, token_env: VIGIL_IT_SERVE_TOKEN}\n")
            .write(toFile: collector.configPath, atomically: true, encoding: .utf8)
        try collector.start()
        defer { collector.stop(); collector.removeFiles() }
        #expect(collector.output.contains("collectors into \(metricsOnly.storePath)"))
        let scraped = try await get(metricsOnly.baseURL.appendingPathComponent("metrics"))
        #expect(scraped.status == 200 && scraped.body.contains("vigil_incidents_open{"))
        // No receiver on the metrics-only server.
        let posted = try await Post.send(metricsOnly.lineageURL, body: Data("{}".utf8))
        #expect(posted.status == 404)
    }

    /// A store that goes away under the server: 503 with a reason that names no path, the server keeps running, and
    /// scrapes answer again once the store is back.
    @Test func storeFailureIsA503AndTheServerStays() async throws {
        let serve = try seededServe()
        serve.extraArguments = ["--metrics-only"]
        try serve.start()
        defer { serve.stop(); serve.removeFiles() }
        let metrics = serve.baseURL.appendingPathComponent("metrics")
        let before = try await get(metrics)
        try #require(before.status == 200)
        let aside = serve.directory.appendingPathComponent("aside.db").path
        try FileManager.default.moveItem(atPath: serve.storePath, toPath: aside)
        let gone = try await get(metrics)
        #expect(gone.status == 503)
        #expect(gone.body.contains("the store could not be read"))
        #expect(!gone.body.contains(serve.directory.path) && !gone.body.contains(ServeProcess.token))
        let still = try await get(metrics)
        #expect(still.status == 503 && still.body.contains("could not be opened"))
        #expect(kill(serve.pid, 0) == 0, "vigil serve exited after a failed scrape")
        try FileManager.default.moveItem(atPath: aside, toPath: serve.storePath)
        let back = try await get(metrics)
        #expect(back.status == 200 && back.body == before.body)
        #expect(serve.output.contains("metrics: could not read the store"))
    }

    /// A real Prometheus 2.42 scrapes `vigil serve` every second with the bearer token from a credentials file; the
    /// series it stores carry the store's figures (as `vigil status` reports them).
    @Test func prometheusScrapesTheStoresFigures() async throws {
        let serve = try seededServe()
        try serve.start()
        defer { serve.stop(); serve.removeFiles() }
        let status = try serve.status()
        let datasets = try #require(status["datasets"] as? [[String: Any]])
        let stale = try #require(datasets.first { ($0["lag_s"] as? Double ?? 0) > 0 })
        let name = try #require(stale["name"] as? String)
        let lag = try #require(stale["lag_s"] as? Double)
        let incidents = try #require(status["incidents"] as? [[String: Any]])
        let open = incidents.filter { ($0["state"] as? String) != "resolved" }.count

        let prometheus = try PrometheusProcess(target: serve.baseURL, token: ServeProcess.token, in: serve.directory)
        defer { prometheus.stop() }
        let lagValue = try await prometheus.value(of: "vigil_dataset_freshness_lag_seconds{dataset=\"\(name)\"}")
        #expect(abs(lagValue - lag) < 0.001, "Prometheus has \(lagValue) s for \(name), vigil status \(lag) s")
        let openValue = try await prometheus.value(of: "sum(vigil_incidents_open)")
        #expect(openValue == Double(open))
        #expect(try await prometheus.value(of: "up{job=\"vigil\"}") == 1)
    }
}

/// A real Prometheus on a free loopback port, scraping one target every second with a bearer credentials file.
final class PrometheusProcess {
    let pid: pid_t
    let port: Int
    let directory: URL

    init(target: URL, token: String, in parent: URL) throws {
        let binary = try #require(PrometheusEnvironment.prometheus)
        directory = parent.appendingPathComponent("prometheus")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tokenFile = directory.appendingPathComponent("token")
        try Data(token.utf8).write(to: tokenFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile.path)
        let config = directory.appendingPathComponent("prometheus.yml")
        try """
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            scrape_configs:
              - job_name: vigil
                metrics_path: /metrics
                authorization: {credentials_file: \(tokenFile.path)}
                static_configs: [{targets: ['\(target.host ?? "127.0.0.1"):\(target.port ?? 0)']}]
            """.write(to: config, atomically: true, encoding: .utf8)
        port = try PostgresIntegration.freePort()  // Prometheus has no "port 0"
        pid = try ChildProcess.spawn(binary, [
            "--config.file=\(config.path)", "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)",
        ], environment: ProcessInfo.processInfo.environment, stdout: directory.appendingPathComponent("out.log").path,
           stderr: directory.appendingPathComponent("err.log").path)
    }

    /// The instant value of `query`, asked every 0.5 s until it has one (60 s at most).
    func value(of query: String) async throws -> Double {
        var components = URLComponents(string: "http://127.0.0.1:\(port)/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: query)]
        let url = try #require(components.url)
        let deadline = Date().addingTimeInterval(60)
        var last = ""
        while Date() < deadline {
            if let (data, _) = try? await Post.session.data(from: url) {
                last = String(decoding: data, as: UTF8.self)
                if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                   let result = (object["data"] as? [String: Any])?["result"] as? [[String: Any]],
                   let pair = result.first?["value"] as? [Any], pair.count == 2, let text = pair[1] as? String,
                   let number = Double(text) {
                    return number
                }
            }
            try await Task.sleep(nanoseconds: 500_000_000)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("err.log"), encoding: .utf8)) ?? ""
        Issue.record("Prometheus had no value for \(query) in 60 s; last answer \(last); log: \(log.suffix(2_000))")
        throw CancellationError()
    }

    func stop() { ChildProcess.terminate(pid) }
}
