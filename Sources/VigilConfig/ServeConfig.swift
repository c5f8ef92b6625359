import Foundation
import VigilCore

/// `serve:` in vigil.yaml: how `vigil serve` listens for pushed events (OpenLineage). Plain HTTP: TLS is left to a
/// reverse proxy in front of it.
public struct ServeConfig: Sendable, Equatable {
    public static let defaultListen = "127.0.0.1:8765"
    /// 1 MiB: the largest real event seen is 6 kB (dbt-ol); applies to the body as sent and once inflated.
    public static let defaultMaxBodyBytes = 1 << 20

    public var host: String
    /// 0 asks the system for a free port (tests).
    public var port: Int
    /// The bearer token emitters send (`Authorization: Bearer ...`); nil only with `allowUnauthenticatedLoopback`.
    public var token: SecretReference?
    public var allowUnauthenticatedLoopback: Bool
    public var maxBodyBytes: Int
    /// Per namespace, how often events are expected: a namespace quiet for longer is flagged on its source.
    public var expectedEvery: [String: TimeInterval]
    /// `metrics: {max_datasets: N}`: above N datasets, `/metrics` aggregates per-dataset series by tier.
    public var metricsMaxDatasets: Int

    public init(host: String = "127.0.0.1", port: Int = 8765, token: SecretReference? = nil,
                allowUnauthenticatedLoopback: Bool = false, maxBodyBytes: Int = ServeConfig.defaultMaxBodyBytes,
                expectedEvery: [String: TimeInterval] = [:], metricsMaxDatasets: Int = MetricsExposition.defaultMaxDatasets) {
        self.host = host
        self.port = port
        self.token = token
        self.allowUnauthenticatedLoopback = allowUnauthenticatedLoopback
        self.maxBodyBytes = maxBodyBytes
        self.expectedEvery = expectedEvery
        self.metricsMaxDatasets = metricsMaxDatasets
    }

    /// `HOST:PORT` (`[::1]:PORT` for IPv6) as host and port; nil when it is not that.
    public static func parseListen(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(" ") else { return nil }
        return (host, port)
    }

    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Why this configuration may not run, or nil: a listener without a token must be on loopback and say so.
    public var refusal: String? {
        guard token == nil else { return nil }
        if !Self.isLoopback(host) {
            return "listening on \(host) needs a token: set token_env or token_file under serve: (anyone who can " +
                "reach the port could write events); put a TLS reverse proxy in front for remote emitters"
        }
        if !allowUnauthenticatedLoopback {
            return "no token: set token_env or token_file under serve:, or allow_unauthenticated_loopback: true to " +
                "accept events from this machine without one"
        }
        return nil
    }
}

extension ConfigParser {
    mutating func serve(_ field: Field) -> ServeConfig? {
        guard let fields = fields(of: field.value, path: field.path,
                                  expected: "a mapping (listen:, token_env:, max_body_bytes:, ...)") else { return nil }
        checkKeys(fields, allowed: ConfigKeys.serve)
        var serve = ServeConfig()
        if let f = fields["listen"], let text = string(f) {
            if let (host, port) = ServeConfig.parseListen(text) {
                serve.host = host
                serve.port = port
            } else {
                problem(at: f.value, f.path, "'\(text)' is not HOST:PORT", hint: "e.g. listen: \(ServeConfig.defaultListen)")
            }
        }
        serve.token = secret("token", in: fields)
        if let f = fields["allow_unauthenticated_loopback"], let flag = bool(f) { serve.allowUnauthenticatedLoopback = flag }
        if let f = fields["max_body_bytes"], let n = int(f) {
            if n >= 1024 { serve.maxBodyBytes = n } else { problem(at: f.value, f.path, "must be at least 1024") }
        }
        if let f = fields["expected_every"],
           let namespaces = self.fields(of: f.value, path: f.path, expected: "a mapping of namespace: duration") {
            for entry in namespaces.list {
                if let seconds = duration(entry) { serve.expectedEvery[entry.key] = seconds }
            }
        }
        if let f = fields["metrics"],
           let metrics = self.fields(of: f.value, path: f.path, expected: "a mapping (max_datasets:)") {
            checkKeys(metrics, allowed: ConfigKeys.serveMetrics)
            if let m = metrics["max_datasets"], let n = int(m) {
                if n >= 0 { serve.metricsMaxDatasets = n } else { problem(at: m.value, m.path, "must be 0 or more") }
            }
        }
        if let refusal = serve.refusal { problem(at: field.keyNode, field.path, refusal) }
        return serve
    }
}
