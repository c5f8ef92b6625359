import Foundation
import Hummingbird
import NIOCore
import VigilCollectors
import VigilCore

/// `POST /api/v1/lineage`, the path Marquez uses, so an emitter is pointed at Vigil by changing its URL.
/// 201 for an event written, 200 for one received before (nothing written), 4xx with `{"error": reason}` for what is
/// refused (nothing written; emitters do not retry a 4xx), 503 when the store could not take it (they retry).
public struct OpenLineageRoutes: ServerRoutes {
    public static let path = "/api/v1/lineage"

    let intake: OpenLineageIntake
    /// Where refusals and store failures are told (the server's log): never event contents beyond the reason.
    let log: @Sendable (String) -> Void
    /// Store writes block: they run here, off the server's threads, one at a time (SQLite has one writer anyway).
    let queue = DispatchQueue(label: "vigil-openlineage-writes")

    public init(intake: OpenLineageIntake, log: @escaping @Sendable (String) -> Void) {
        self.intake = intake
        self.log = log
    }

    public func add(to router: Router<BasicRequestContext>, settings: ServerSettings) {
        router.post(RouterPath(stringLiteral: Self.path)) { request, _ in
            await self.handle(request, limit: settings.maxBodyBytes)
        }
    }

    func handle(_ request: Request, limit: Int) async -> Response {
        let body: Data
        switch await Self.readBody(request, limit: limit) {
        case let .success(data): body = data
        case let .failure(refused): return refused.response
        }
        let result = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: intake.receive(body)) }
        }
        switch result {
        case .success(.written): return Response(status: .created)
        case .success(.duplicate): return Response(status: .ok)
        case let .failure(.rejected(r)):
            log("openlineage: refused an event (\(r.status)): \(r.reason)")
            return VigilHTTPServer.error(HTTPResponse.Status(code: r.status), r.reason)
        case let .failure(failure):
            // The store's text stays in the server's log; the emitter learns only to come back.
            log("openlineage: \(failure)")
            return VigilHTTPServer.error(.serviceUnavailable, "the store could not take the event; retry later")
        }
    }

    /// A request answered before it reaches the intake.
    struct Refused: Error {
        let response: Response
    }

    /// The body, inflated when gzip, within `limit` bytes both as sent and inflated.
    static func readBody(_ request: Request, limit: Int) async -> Result<Data, Refused> {
        let tooLarge = VigilHTTPServer.error(.contentTooLarge, "the body is larger than \(limit) bytes (serve.max_body_bytes)")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { return .failure(Refused(response: tooLarge)) }
        var bytes: [UInt8] = []
        do {
            for try await chunk in request.body {
                guard bytes.count + chunk.readableBytes <= limit else { return .failure(Refused(response: tooLarge)) }
                bytes.append(contentsOf: chunk.readableBytesView)
            }
        } catch {
            return .failure(Refused(response: VigilHTTPServer.error(.badRequest, "the body could not be read")))
        }
        switch request.headers[.contentEncoding]?.lowercased().trimmingCharacters(in: .whitespaces) {
        case nil, "", "identity":
            return .success(Data(bytes))
        case "gzip", "x-gzip":
            do throws(Gzip.Failure) {
                return .success(try Gzip.inflate(bytes, limit: limit))
            } catch .tooLarge {
                return .failure(Refused(response: VigilHTTPServer.error(
                    .contentTooLarge, "the body inflates to more than \(limit) bytes (serve.max_body_bytes)")))
            } catch {
                return .failure(Refused(response: VigilHTTPServer.error(
                    .badRequest, "the body is not valid gzip (Content-Encoding: gzip)")))
            }
        case let other?:
            return .failure(Refused(response: VigilHTTPServer.error(
                .unsupportedMediaType, "Content-Encoding '\(TextSanitizer.collapsed(other, limit: 40))' is not supported: send gzip or none")))
        }
    }
}
