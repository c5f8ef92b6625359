import ArgumentParser
import Foundation
import VigilApp
import VigilDevTools
import VigilCollectors
import VigilConfig
import VigilStore

/// `vigil-dev bench`: developer benchmarks against real systems.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (for developers; scripts/bench and scripts/bench-airflow run them end to end).",
        subcommands: [AirflowBenchCommand.self, GenerateBenchCommand.self, ConsoleBenchCommand.self, StoreBenchCommand.self,
                      OpenLineageBenchCommand.self, MetricsBenchCommand.self, NotifyBenchCommand.self, FeedBenchCommand.self]
    )
}

struct AirflowBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airflow",
        abstract: "Time a full sync of an Airflow into a fresh store, incremental passes, and one round trip.",
        discussion: """
        The store is a temporary file, removed at the end; nothing else is written but --requests-out. The requests \
        file lists every request of the full sync (method, URL, which credentials), never a token or password.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "Airflow base URL, e.g. http://127.0.0.1:8080.")
    var url: String

    @Option(help: "User to log in as (with --password-file); without both, no credentials are sent.")
    var username: String?

    @Option(help: "File holding the password (mode 600).")
    var passwordFile: String?

    @Option(help: "REST API: v1 (Airflow 2) or v2 (Airflow 3); default: detected.")
    var api: String?

    @Option(help: "Incremental passes after the full sync.")
    var passes: Int = 5

    @Option(help: "Seconds each incremental pass re-reads before the last one (default: the collector's 300).")
    var overlap: Double?

    @Option(help: "Write the full sync's requests to FILE, one `METHOD URL CREDENTIALS` a line.")
    var requestsOut: String?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        guard let base = URL(string: url), base.scheme == "http" || base.scheme == "https", base.host != nil else {
            throw ValidationError("--url must be an http(s) URL")
        }
        guard base.user == nil, base.password == nil else {
            throw ValidationError("--url must not hold credentials; use --username and --password-file")
        }
        var settings = AirflowSettings(name: "bench", baseURL: base, api: try apiVersion(), credentials: try credentials())
        if let overlap { settings.overlap = overlap }
        let report: AirflowBenchmarkReport
        do {
            report = try AirflowBenchmark(settings: settings, passes: passes).runBlocking()
        } catch {
            printError("vigil-dev bench airflow: \(error)")
            throw ExitCode(1)
        }
        if let requestsOut {
            try Data(report.requestsFile.utf8).write(to: URL(fileURLWithPath: requestsOut))
        }
        print(format == .json ? try report.json() : report.text)
    }

    private func apiVersion() throws -> AirflowAPI? {
        guard let api else { return nil }
        guard let value = AirflowAPI(rawValue: api) else { throw ValidationError("--api must be v1 or v2") }
        return value
    }

    private func credentials() throws -> AirflowCredentials {
        switch (username, passwordFile) {
        case (nil, nil): return .none
        case let (username?, file?):
            do {
                return .password(username: username, password: try SecretResolver.resolve(.file(file), source: "bench"))
            } catch {
                throw ValidationError(error.description)
            }
        default: throw ValidationError("--username and --password-file go together")
        }
    }
}

struct OpenLineageBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openlineage",
        abstract: "Post OpenLineage events to a vigil serve receiver: a fixed rate, then as fast as N clients go.",
        discussion: "The server runs in this process on a free loopback port with a temporary store, removed at the end."
    )

    @Option(help: "Events per second of the fixed-rate phase.")
    var rate: Double = 200

    @Option(help: "Seconds of the fixed-rate phase.")
    var seconds: Double = 10

    @Option(help: "Concurrent clients of the max-rate phase.")
    var clients: Int = 8

    @Option(help: "Events of the max-rate phase.")
    var events: Int = 8000

    func run() throws {
        guard rate > 0, seconds > 0, clients > 0, events >= clients else {
            throw ValidationError("--rate, --seconds and --clients must be positive, --events at least --clients")
        }
        let (rate, seconds, clients, events) = (rate, seconds, clients, events)
        let report = try BlockingAsync.run { () async -> Result<OpenLineageBenchmark.Report, any Error> in
            do { return .success(try await OpenLineageBenchmark.run(rate: rate, seconds: seconds, clients: clients, events: events)) }
            catch { return .failure(error) }
        }.get()
        print(report.text)
    }
}

/// `vigil-dev bench metrics`: one /metrics scrape's snapshot and rendering on a large store, against the target.
struct MetricsBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Time a /metrics scrape (store snapshot + Prometheus text rendering) on a store; it only reads.",
        discussion: "Make the store with `vigil-dev bench generate` (20,000 datasets by default)."
    )

    @Option(help: "Store to read (see `vigil-dev bench generate`).")
    var store: String
    @Option(help: "Scrapes to time.")
    var repeats = 10
    @Option(help: "serve.metrics.max_datasets for the rendering (above it, per-dataset series are aggregated by tier).")
    var maxDatasets = MetricsBenchmark.defaultMaxDatasets

    func run() throws {
        var bench = MetricsBenchmark(store: try Store(path: store, readOnly: true))
        bench.repeats = max(1, repeats)
        bench.maxDatasets = max(0, maxDatasets)
        let f = try bench.run()
        let aggregated = f.datasets > bench.maxDatasets ? "aggregated by tier" : "per dataset"
        print("metrics: \(f.datasets) datasets (\(aggregated), max_datasets \(bench.maxDatasets)), \(f.pipelines) pipelines: "
              + "\(f.series) series, \(f.bytes) bytes")
        for t in [f.snapshot, f.render, f.scrape] { print("  " + t.line) }
        let target = MetricsBenchmark.target
        print("target: scrape p50 under \(Int(target * 1_000)) ms: \(f.scrape.p50 < target ? "met" : "missed") "
              + "(render alone \(f.render.p50 < target ? "within" : "over") it)")
    }
}

/// `vigil-dev bench feed`: a write by one process seen by another's change token (the team store's change feed).
struct FeedBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Time how soon a write by one store is seen by another on the same store (PostgreSQL: LISTEN/NOTIFY).",
        discussion: "It writes one meta key, then removes it; pass a scratch store or a PostgreSQL connection string."
    )

    @Option(help: "Store: a SQLite file or a PostgreSQL connection string.")
    var store: String
    @Option(help: "Writes to time.")
    var writes = 200

    func run() throws {
        var bench = ChangeFeedBenchmark(path: store)
        bench.writes = max(1, writes)
        let t = try bench.run()
        print("change feed (\(Store.describe(store))):")
        print("  " + t.line)
        let target = ChangeFeedBenchmark.target
        print("target: p99 under \(Int(target * 1_000)) ms: \(t.p99 < target ? "met" : "missed")")
    }
}

/// `vigil-dev bench notify`: from a detection pass that opens an incident to its alert accepted by Alertmanager.
struct NotifyBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Time from a detection pass that opens an incident to its alert accepted by a running Alertmanager.",
        discussion: "Start one on loopback first, e.g. prometheus-alertmanager --config.file=F --storage.path=D --web.listen-address=127.0.0.1:9093 --cluster.listen-address= ; each sample posts one alert to it."
    )

    @Option(help: "Alertmanager's base URL, e.g. http://127.0.0.1:9093.")
    var alertmanager: String

    @Option(help: "Incidents to open and deliver.")
    var samples: Int = 50

    func run() throws {
        guard let url = URL(string: alertmanager), url.scheme == "http" || url.scheme == "https" else {
            throw ValidationError("--alertmanager must be an http(s) URL")
        }
        let timings = try NotifyBenchmark.run(alertmanager: url, samples: samples)
        print(timings.line)
    }
}
