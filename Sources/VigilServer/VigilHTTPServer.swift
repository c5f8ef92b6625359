import Foundation
import Hummingbird
import Logging
import NIOCore

/// Routes one part of Vigil serves (the OpenLineage receiver, `/metrics`): each adds its own to the router,
/// behind the server's auth.
public protocol ServerRoutes: Sendable {
    func add(to router: Router<BasicRequestContext>, settings: ServerSettings)
}

/// `vigil serve`'s HTTP server (Hummingbird, plain HTTP/1.1: TLS is a reverse proxy's job).
public enum VigilHTTPServer {
    /// Serves until SIGINT or SIGTERM (or the task is cancelled). `onListening` gets the bound address
    /// (`127.0.0.1:PORT`, the real port when `settings.port` is 0) once the port is open. The server's own log lines
    /// (Hummingbird's, on stdout) are kept to `logLevel` and above: Vigil says what happens in its own words.
    public static func run(settings: ServerSettings, routes: [any ServerRoutes], logLevel: Logger.Level = .warning,
                           onListening: @escaping @Sendable (String) -> Void) async throws {
        var logger = Logger(label: "vigil serve")
        logger.logLevel = logLevel
        let router = Router()
        router.add(middleware: BearerAuth(token: settings.token))
        for r in routes { r.add(to: router, settings: settings) }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "vigil"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.port
                let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
                onListening("\(host):\(port)")
            },
            logger: logger)
        try await app.runService()
    }

    /// A JSON error body: `{"error": "..."}` (the reason is Vigil's own text, no request content beyond a cleaned
    /// short excerpt).
    static func error(_ status: HTTPResponse.Status, _ reason: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        let body = (try? JSONSerialization.data(withJSONObject: ["error": reason])) ?? Data("{}".utf8)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// `Authorization: Bearer TOKEN` on every request when a token is set (what the OpenLineage HTTP transport's
/// `api_key` auth sends). Compared in constant time; the token is never logged or echoed.
struct BearerAuth: RouterMiddleware {
    typealias Context = BasicRequestContext
    let token: String?

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token else { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              Self.same(Array(header.dropFirst(7).utf8), Array(token.utf8)) else {
            return VigilHTTPServer.error(.unauthorized, "missing or wrong bearer token (Authorization: Bearer TOKEN)",
                                         headers: [.wwwAuthenticate: "Bearer"])
        }
        return try await next(request, context)
    }

    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var diff = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) { diff |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0) }
        return diff == 0
    }
}
