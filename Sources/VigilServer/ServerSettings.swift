import Foundation

/// What `vigil serve` listens with, secrets resolved (the executable builds it from `ServeConfig`).
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// nil: no auth (only allowed on loopback, checked by `ServeConfig.refusal`).
    public var token: String?
    public var maxBodyBytes: Int

    public init(host: String, port: Int, token: String?, maxBodyBytes: Int) {
        self.host = host
        self.port = port
        self.token = token
        self.maxBodyBytes = maxBodyBytes
    }
}
