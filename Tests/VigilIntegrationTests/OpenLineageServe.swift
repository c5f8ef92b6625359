import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilStore
import VigilTestSupport

/// What scripts/test (via scripts/openlineage-env) hands the OpenLineage tests: the venv with the real emitters.
enum OpenLineageEnvironment {
    /// The venv's bin directory: python with openlineage-python, and dbt-ol with dbt.
    static let bin = IntegrationEnvironment.variables["VIGIL_OPENLINEAGE_BIN"]
    static let vigil = IntegrationEnvironment.variables["VIGIL_BIN"]
    static let ready = bin != nil && vigil != nil
}

@Suite struct OpenLineageGateTests {
    @Test(.enabled(if: IntegrationEnvironment.isCI))
    func ciProvidesTheEmitters() {
        #expect(OpenLineageEnvironment.bin != nil,
                "CI=true but VIGIL_OPENLINEAGE_BIN is unset: scripts/test must run scripts/openlineage-env before swift test")
        #expect(OpenLineageEnvironment.vigil != nil, "CI=true but VIGIL_BIN is unset")
    }
}

/// A real `vigil serve` on a free loopback port with a store and vigil.yaml in a temporary directory, stopped
/// (SIGTERM, then waited for) by `stop()`.
final class ServeProcess {
    static let token = "it-token-\(UUID().uuidString)"
    let directory: URL
    let storePath: String
    let configPath: String
    let stdoutPath: String
    let environment: [String: String]
    private(set) var pid: pid_t = 0
    private(set) var baseURL = URL(fileURLWithPath: "/")
    /// Added to `vigil serve --config FILE` by `start()` (e.g. `--metrics-only`).
    var extraArguments: [String] = []

    /// `extraConfig` is appended to vigil.yaml (sources:, datasets:); `environment` adds variables (DSNs). With
    /// `start: false` only the files are made (for other commands on the same config first); `start()` starts it.
    init(extraConfig: String = "", environment: [String: String] = [:], maxBodyBytes: Int? = nil, start: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        storePath = directory.appendingPathComponent("vigil.db").path
        configPath = directory.appendingPathComponent("vigil.yaml").path
        stdoutPath = directory.appendingPathComponent("serve.out").path
        var config = """
            store: \(storePath)
            serve:
              listen: 127.0.0.1:0
              token_env: VIGIL_IT_SERVE_TOKEN

            """
        if let maxBodyBytes { config = config.replacingOccurrences(of: "serve:\n", with: "serve:\n  max_body_bytes: \(maxBodyBytes)\n") }
        try (config + extraConfig).write(toFile: configPath, atomically: true, encoding: .utf8)
        self.environment = environment
        if start { try self.start() }
    }

    func start() throws {
        let vigil = try #require(OpenLineageEnvironment.vigil, "set VIGIL_BIN to the built vigil (scripts/test does)")
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        env["VIGIL_IT_SERVE_TOKEN"] = Self.token
        pid = try ChildProcess.spawn(vigil, ["serve", "--config", configPath] + extraArguments, environment: env,
                                     stdout: stdoutPath, stderr: directory.appendingPathComponent("serve.err").path)
        // The real port is printed once the server listens.
        let deadline = Date().addingTimeInterval(30)
        var found: URL?
        while found == nil, Date() < deadline {
            let text = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                found = URL(string: String(text[range].dropFirst("listening on ".count)))
            }
            if found == nil { usleep(50_000) }
        }
        let err = (try? String(contentsOfFile: directory.appendingPathComponent("serve.err").path, encoding: .utf8)) ?? ""
        guard let found else {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            throw ServeError(text: "vigil serve did not start listening in 30 s: \(err)")
        }
        baseURL = found
    }

    struct ServeError: Error, CustomStringConvertible {
        let text: String
        var description: String { text }
    }

    var lineageURL: URL { baseURL.appendingPathComponent("api/v1/lineage") }

    var output: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }

    /// Stops the server and returns its exit status (0 after a graceful SIGTERM).
    @discardableResult
    func stop() -> Int32 { ChildProcess.terminate(pid) }

    func removeFiles() { try? FileManager.default.removeItem(at: directory) }

    /// The store as `vigil status` reads it.
    func store() throws -> Store { try Store(path: storePath, readOnly: true) }

    /// `vigil status --format json` on this store.
    func status() throws -> [String: Any] {
        let vigil = try #require(OpenLineageEnvironment.vigil)
        let result = try ChildProcess.run(vigil, ["status", "--format", "json", "--config", configPath])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any], "vigil status --json printed \(result.stdout) \(result.stderr)")
    }
}

/// One POST to the receiver, as a raw HTTP client would send it.
struct Posted: Sendable {
    var status: Int
    var body: String
    var seconds: Double
}

enum Post {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration)
    }()

    static func send(_ url: URL, body: Data, token: String? = ServeProcess.token,
                     headers: [String: String] = [:]) async throws -> Posted {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let start = Date()
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? -1
        return Posted(status: status, body: String(decoding: data, as: UTF8.self), seconds: Date().timeIntervalSince(start))
    }
}

/// The captured real events of the unit tests (Tests/VigilCollectorsTests/Fixtures/openlineage-1.54), by path.
enum CapturedEvents {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("VigilCollectorsTests/Fixtures/openlineage-1.54")

    static func data(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }

    static func object(_ name: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data(name)) as? [String: Any])
    }
}
