import ArgumentParser
import Foundation
import VigilApp
import VigilCollectors
import VigilConfig
import VigilServer
import VigilStore

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Receive OpenLineage events over HTTP, serve Prometheus metrics and run the collectors named in vigil.yaml (one process for a server).",
        discussion: """
            Emitters post to http://HOST:PORT/api/v1/lineage (Marquez's path) with Authorization: Bearer TOKEN; \
            Prometheus scrapes http://HOST:PORT/metrics with the same token. Plain HTTP: put a TLS reverse proxy in \
            front for clients on other machines. Settings are under serve: in vigil.yaml; `vigil collect` polls \
            without opening a port, and `vigil serve --metrics-only` beside it serves /metrics alone.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "HOST:PORT to listen on (overrides serve.listen; port 0 picks a free one).")
    var listen: String?

    @Flag(help: "Serve only /metrics, read-only: no OpenLineage receiver, no collectors (so it runs beside a `vigil collect`).")
    var metricsOnly = false

    func run() throws {
        guard let configuration = try storeOptions.loadConfiguration() else {
            throw ValidationError("no vigil.yaml found; create one with `vigil init` or pass --config FILE")
        }
        var serve = configuration.serve ?? ServeConfig()
        if let listen {
            guard let (host, port) = ServeConfig.parseListen(listen) else {
                throw ValidationError("--listen '\(listen)' is not HOST:PORT (e.g. \(ServeConfig.defaultListen))")
            }
            serve.host = host
            serve.port = port
        }
        if let refusal = serve.refusal {
            printError("vigil serve: \(refusal)")
            throw ExitCode(1)
        }
        var token: String? = nil
        if let reference = serve.token {
            do { token = try SecretResolver.resolve(reference, source: "serve") } catch {
                printError("vigil serve: \(error)")
                throw ExitCode(1)
            }
        }
        let path = try storeOptions.path(configuration)
        // Unbuffered: whoever watches the output (a supervisor, a test) sees each line as it happens.
        let say: @Sendable (String) -> Void = printLine
        let auth = token == nil ? "no auth, loopback only" : "bearer token"
        let settings = ServerSettings(host: serve.host, port: serve.port, token: token, maxBodyBytes: serve.maxBodyBytes)
        if metricsOnly {
            // Read-only, without the collector lock: the store is opened at the first scrape (it may not exist yet).
            let routes: [any ServerRoutes] = [
                MetricsRoutes(maxDatasets: serve.metricsMaxDatasets, log: say) { try Store(path: path, readOnly: true) },
            ]
            try serveHTTP(settings: settings, routes: routes) { address in
                say("vigil serve: listening on http://\(address)\(MetricsRoutes.path) (\(auth)); metrics only, " +
                    "read-only from \(Store.describe(path)); Ctrl-C stops.")
            }
            return
        }
        let store: Store
        do { store = try Store(path: path) } catch {
            printError("vigil serve: \(error)")
            throw ExitCode(1)
        }
        guard let lock = CollectorLock(storePath: path) else {
            printError("vigil serve: another collector is already writing \(Store.describe(path)) (serve runs the collectors too: stop it)")
            throw ExitCode(1)
        }
        defer { withExtendedLifetime(lock) {} }

        let runner = CollectorRunner(configuration: configuration, store: store) { say($0) }
        try runner.declareDatasets()
        let collectors = BackgroundThread(name: "vigil-collectors") { stop in runner.run(shouldStop: { stop.requested }) }
        let expected = serve.expectedEvery
        // Every 5 s: quiet namespaces are flagged, and when pushed events changed the store, detection runs over it
        // (a pushed failure opens its incident without waiting for a collector pass, or with no collectors at all).
        let pushed = BackgroundThread(name: "vigil-pushed-events") { stop in
            var seen = try? store.changeToken()
            repeat {
                do {
                    for namespace in try OpenLineageQuiet.sweep(store: store, expected: expected, now: Date()) {
                        say("openlineage: \(namespace) is quiet (expected an event every \(expected[namespace] ?? 0)s)")
                    }
                } catch {
                    say("openlineage: could not check quiet namespaces: \(error)")
                }
                if let token = try? store.changeToken(), token != seen {
                    runner.detect()
                    seen = try? store.changeToken()
                }
            } while !stop.wait(5)
        }
        defer {
            collectors.stop()
            pushed.stop()
        }

        let intake = OpenLineageIntake(store: store, configuredSources: Set(configuration.sources.map(\.name)))
        let routes: [any ServerRoutes] = [
            OpenLineageRoutes(intake: intake, log: say),
            MetricsRoutes(maxDatasets: serve.metricsMaxDatasets, log: say) { store },
        ]
        let sources = runner.collectors.count
        try serveHTTP(settings: settings, routes: routes) { address in
            say("vigil serve: listening on http://\(address)\(OpenLineageRoutes.path) and \(MetricsRoutes.path) " +
                "(\(auth)); \(sources) collectors into \(Store.describe(path)); Ctrl-C stops.")
        }
    }

    /// Serves until SIGINT or SIGTERM; a server that cannot start (the port taken) exits 1 with the reason.
    private func serveHTTP(settings: ServerSettings, routes: [any ServerRoutes],
                           onListening: @escaping @Sendable (String) -> Void) throws {
        let outcome = BlockingAsync.run { () async -> Result<Void, any Error> in
            do {
                try await VigilHTTPServer.run(settings: settings, routes: routes, onListening: onListening)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        if case let .failure(error) = outcome {
            printError("vigil serve: \(error)")
            throw ExitCode(1)
        }
    }
}
