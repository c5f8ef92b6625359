import Foundation
import VigilCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// GraphQL queries to one Dagster: POST `{"query", "variables"}` to `/graphql` through the shared `HTTPTransport`
/// (bodies capped, per-request timeout), with the Dagster+ token header when one is set. Every failure becomes a
/// `DagsterError` naming the source and the query, with the token masked in any text the server sent back.
struct DagsterClient: Sendable {
    let source: String
    private let url: URL
    private let token: String?
    private let transport: any HTTPTransport

    /// Dagster+'s header for a user token.
    static let tokenHeader = "Dagster-Cloud-Api-Token"

    init(settings: DagsterSettings, transport: any HTTPTransport) {
        source = settings.name
        url = settings.graphQLURL
        token = settings.token
        self.transport = transport
    }

    /// Sends `query` with `variables` and decodes its `data` as `T`.
    func run<T: Decodable & Sendable>(_ query: DagsterQuery, variables: some Encodable & Sendable = [String: String](),
                                      as type: T.Type) async throws(DagsterError) -> T {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let token { request.setValue(token, forHTTPHeaderField: Self.tokenHeader) }
        request.httpBody = try? JSONEncoder().encode(Body(query: query.text, operationName: query.name, variables: variables))
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as HTTPTransportError {
            throw mapped(error, query: query.name)
        } catch {
            // Transports throw only HTTPTransportError or CancellationError.
            throw .cancelled(source: source, query: query.name)
        }
        switch response.status {
        case 200..<300:
            break
        case 401, 403:
            throw .unauthorized(source: source, query: query.name, status: response.status)
        default:
            let detail = (try? JSONDecoder().decode(DagsterWire.Envelope<Empty>.self, from: response.body))?
                .errors?.first?.message
            throw .http(source: source, query: query.name, status: response.status, detail: detail.map(masked))
        }
        let envelope: DagsterWire.Envelope<T>
        do {
            envelope = try JSONDecoder().decode(DagsterWire.Envelope<T>.self, from: response.body)
        } catch {
            throw .malformed(source: source, query: query.name, reason: AirflowJSON.reason(error, snakeCase: false))
        }
        if let message = envelope.errors?.compactMap(\.message).first {
            throw .refused(source: source, query: query.name, message: masked(message))
        }
        guard let data = envelope.data else {
            throw .malformed(source: source, query: query.name, reason: "no data and no errors")
        }
        return data
    }

    /// A result typed as an error (PythonError, RunNotFoundError, ...) as `.refused`.
    func refused(_ query: DagsterQuery, typename: String, message: String?) -> DagsterError {
        .refused(source: source, query: query.name, message: "\(typename): " + masked(message ?? "no message"))
    }

    private func mapped(_ error: HTTPTransportError, query: String) -> DagsterError {
        switch error {
        case let .unreachable(reason): return .unreachable(source: source, url: url.absoluteString, reason: reason)
        case let .timeout(seconds): return .timeout(source: source, query: query, seconds: seconds)
        case let .tooLarge(limit): return .tooLarge(source: source, query: query, limitBytes: limit)
        case let .truncated(received, expected):
            return .truncated(source: source, query: query, receivedBytes: received, expectedBytes: expected)
        }
    }

    /// Server text with the token masked (a proxy or a misconfigured server might quote the header back).
    private func masked(_ text: String) -> String {
        guard let token, !token.isEmpty else { return text }
        return text.replacingOccurrences(of: token, with: "***")
    }

    private struct Body<V: Encodable>: Encodable {
        var query: String
        var operationName: String
        var variables: V
    }

    private struct Empty: Decodable, Sendable {}
}
