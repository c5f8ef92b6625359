import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilTestSupport

/// What scripts/test (via scripts/prometheus-env) hands the notify tests: Debian's Alertmanager 0.25 binary.
enum AlertmanagerEnvironment {
    static let bin = IntegrationEnvironment.variables["VIGIL_ALERTMANAGER_BIN"]
    static let ready = bin != nil && OpenLineageEnvironment.vigil != nil
}

@Suite struct AlertmanagerGateTests {
    @Test(.enabled(if: IntegrationEnvironment.isCI))
    func ciProvidesAlertmanager() {
        #expect(AlertmanagerEnvironment.bin != nil,
                "CI=true but VIGIL_ALERTMANAGER_BIN is unset: scripts/test must run scripts/prometheus-env before swift test")
    }
}

/// A real Alertmanager on a loopback port with a generated config: one route (grouped by alertname, group_wait and
/// group_interval 1s) to a webhook receiver, the test's `LoopbackHTTPServer` at /hook. `stop()` and `start()` again
/// keep the port (an outage and its end).
final class AlertmanagerProcess {
    let directory: URL
    private(set) var port = 0
    let receiver: LoopbackHTTPServer
    private(set) var pid: pid_t = 0

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    init(receiver: LoopbackHTTPServer) throws {
        self.receiver = receiver
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-am-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = """
            global:
              resolve_timeout: 5m
            route:
              receiver: vigil-test
              group_by: ['alertname']
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: vigil-test
                webhook_configs:
                  - url: \(receiver.baseURL.absoluteString)/hook
                    send_resolved: true
            """
        try config.write(to: directory.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
        // A port free when asked can be taken before Alertmanager binds it (CI saw "address already in use" while
        // the other integration tests ran): then another one. Later restarts keep the port the tests know.
        for attempt in 1...5 {
            port = try PostgresIntegration.freePort()
            do {
                try start()
                return
            } catch where attempt < 5 && log.contains("address already in use") {
                stop()
                try? FileManager.default.removeItem(at: directory.appendingPathComponent("am.log"))
            }
        }
    }

    func start() throws {
        let bin = try #require(AlertmanagerEnvironment.bin, "set VIGIL_ALERTMANAGER_BIN (scripts/prometheus-env prints it)")
        pid = try ChildProcess.spawn(bin, [
            "--config.file=\(directory.path)/alertmanager.yml", "--storage.path=\(directory.path)/data",
            "--web.listen-address=127.0.0.1:\(port)", "--web.external-url=http://127.0.0.1:\(port)",
            // Empty: no HA gossip listener on 0.0.0.0:9094.
            "--cluster.listen-address=",
        ], environment: ProcessInfo.processInfo.environment, stdout: directory.appendingPathComponent("am.out").path,
           stderr: directory.appendingPathComponent("am.log").path)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if (try? Self.get(baseURL.appendingPathComponent("-/ready")))?.status == 200 { return }
            if log.contains("Listen error") { break }  // it has given up: no need to wait out the deadline
            usleep(100_000)
        }
        throw AlertmanagerError(text: "Alertmanager not ready in 30 s: \(log)")
    }

    func stop() {
        guard pid > 0 else { return }
        ChildProcess.terminate(pid, grace: 10)
        pid = 0
    }

    func remove() {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    var log: String { (try? String(contentsOf: directory.appendingPathComponent("am.log"), encoding: .utf8)) ?? "" }

    /// `GET /api/v2/alerts` (active alerts).
    func alerts() throws -> [[String: Any]] {
        let answer = try Self.get(baseURL.appendingPathComponent("api/v2/alerts"))
        return try #require(try JSONSerialization.jsonObject(with: answer.body) as? [[String: Any]])
    }

    /// Every webhook notification the receiver got, decoded.
    var notifications: [[String: Any]] {
        receiver.requests(to: "/hook").compactMap { try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any] }
    }

    /// The alerts of every notification, with the notification's own status.
    func notifiedAlerts(incident: String) -> [[String: Any]] {
        notifications.flatMap { ($0["alerts"] as? [[String: Any]]) ?? [] }
            .filter { ($0["labels"] as? [String: String])?["incident_id"] == incident }
    }

    struct AlertmanagerError: Error, CustomStringConvertible {
        let text: String
        var description: String { text }
    }

    static func get(_ url: URL) throws -> (status: Int, body: Data) {
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, Data)?
        nonisolated(unsafe) var failure: (any Error)?
        Post.session.dataTask(with: request) { data, response, error in
            if let error { failure = error } else { result = ((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data()) }
            done.signal()
        }.resume()
        done.wait()
        if let failure { throw failure }
        return try #require(result)
    }
}
