import Foundation
import Testing

/// `vigil serve` refusing to start without what it needs, before it opens a port or the store.
@Suite struct ServeCommandTests {
    func run(_ yaml: String, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> (Int32, String) {
        let dir = try makeTempDirectory("serve")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("vigil.yaml")
        try Data("store: \(dir.appendingPathComponent("vigil.db").path)\n\(yaml)".utf8).write(to: config)
        let result = try runProcess(VigilBinary.path, ["serve", "--config", config.path] + arguments, environment: environment)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("vigil.db").path))
        return (result.status, result.stderr)
    }

    @Test func refusesToListenWithoutAToken() throws {
        // Loopback without a token is allowed only when said; --listen off loopback is refused all the same.
        let (status, stderr) = try run("serve: {allow_unauthenticated_loopback: true}\n", ["--listen", "0.0.0.0:0"])
        #expect(status == 1)
        #expect(stderr.contains("listening on 0.0.0.0 needs a token"))
        let (unset, unsetErr) = try run("serve: {listen: 127.0.0.1:0, token_env: VIGIL_E2E_UNSET_TOKEN}\n")
        #expect(unset == 1)
        #expect(unsetErr.contains("VIGIL_E2E_UNSET_TOKEN") && unsetErr.contains("is not set"))
        let (bad, badErr) = try run("serve: {listen: 127.0.0.1:0, allow_unauthenticated_loopback: true}\n", ["--listen", "nowhere"])
        #expect(bad != 0)
        #expect(badErr.contains("'nowhere' is not HOST:PORT"))
    }
}
