import Foundation
import VigilCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// JSON requests to one Prefect API (its base URL ends in /api), over the same transport as Airflow's: the API key,
/// if any, goes as `Authorization: Bearer` (memory only); bodies are capped, requests in flight limited, and every
/// failure becomes a `PrefectError` that names the source and endpoint and never contains the key.
actor PrefectClient {
    let source: String
    private let baseURL: URL
    private let apiKey: String?
    private let transport: any HTTPTransport
    private let limiter: AirflowLimiter
    private let maxBodyBytes: Int

    init(settings: PrefectSettings, transport: any HTTPTransport) {
        source = settings.name
        baseURL = settings.baseURL
        apiKey = settings.apiKey
        self.transport = transport
        limiter = AirflowLimiter(limit: settings.maxConcurrentRequests)
        maxBodyBytes = settings.maxBodyBytes
    }

    /// POST `path` (under /api) with the JSON `body`, decoding the 2xx answer.
    func post<T: Decodable & Sendable>(_ type: T.Type, _ path: String, body: [String: any Sendable]) async throws -> T {
        let json = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        let response = try await send("POST", path, body: json)
        switch response.status {
        case 200..<300:
            do {
                return try AirflowJSON.decode(type, from: response.body)
            } catch {
                throw PrefectError.malformed(source: source, endpoint: path, reason: scrub(AirflowJSON.reason(error)))
            }
        case 401, 403:
            throw PrefectError.unauthorized(source: source, endpoint: path, status: response.status,
                                            detail: detail(response.body))
        default:
            throw PrefectError.http(source: source, endpoint: path, status: response.status, detail: detail(response.body))
        }
    }

    /// Every item a filter endpoint lists, `pageSize` at a time (offset paging: Prefect answers a bare array, so a
    /// page shorter than asked is the last), at most `max`; `complete` when the last page was reached.
    func all<T: Decodable & Sendable>(_ type: T.Type, _ path: String, body: [String: any Sendable], pageSize: Int,
                                      max: Int) async throws -> (items: [T], complete: Bool) {
        var items: [T] = []
        let size = Swift.max(1, Swift.min(pageSize, max))
        while items.count < max {
            var request = body
            request["limit"] = size
            request["offset"] = items.count
            let page = try await post([T].self, path, body: request)
            items += page
            if page.count < size { return (items, true) }
        }
        return (Array(items.prefix(max)), false)
    }

    private func send(_ method: String, _ path: String, body: Data) async throws -> HTTPResponse {
        guard let url = AirflowURL.url(base: baseURL, path: path, query: []) else {
            throw PrefectError.configuration(source: source, reason: "cannot build a URL from \(AirflowURL.display(baseURL))")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("vigil", forHTTPHeaderField: "User-Agent")
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        let transport = self.transport
        let response: HTTPResponse
        do {
            response = try await limiter.withPermit { [request] in try await transport.send(request) }
        } catch let error as HTTPTransportError {
            switch error {
            case let .unreachable(reason):
                throw PrefectError.unreachable(source: source, url: AirflowURL.display(baseURL), reason: scrub(reason))
            case let .timeout(seconds):
                throw PrefectError.timeout(source: source, endpoint: path, seconds: seconds)
            case let .tooLarge(limit):
                throw PrefectError.tooLarge(source: source, endpoint: path, limitBytes: limit)
            case let .truncated(received, expected):
                throw PrefectError.truncated(source: source, endpoint: path, receivedBytes: received, expectedBytes: expected)
            }
        }
        // Transports other than URLSessionTransport may not enforce the cap themselves.
        guard response.body.count <= maxBodyBytes else {
            throw PrefectError.tooLarge(source: source, endpoint: path, limitBytes: maxBodyBytes)
        }
        return response
    }

    /// The body's `detail`, or a 422's message and first problem, cut short and without the key.
    private func detail(_ body: Data) -> String? {
        let message = (try? AirflowJSON.decode(AirflowErrorBody.self, from: body))?.message
            ?? (try? AirflowJSON.decode(PrefectValidationError.self, from: body))?.message
        guard let message, !message.isEmpty else { return nil }
        return scrub(TextSanitizer.collapsed(message, limit: 160))
    }

    /// Servers sometimes echo what they were sent; the key never reaches a message.
    private func scrub(_ text: String) -> String {
        guard let apiKey, apiKey.count >= 3 else { return text }
        return text.replacingOccurrences(of: apiKey, with: "•••")
    }
}
