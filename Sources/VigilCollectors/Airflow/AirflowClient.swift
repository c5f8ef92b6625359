import Foundation
import VigilCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Authenticated JSON requests to one Airflow (GETs for the collector; POST and PATCH for the actions, through a client
/// of their own holding only the write credential). Owns the token (memory only), renews it once on a 401, caps
/// bodies and in-flight requests, and turns every failure into an `AirflowError` that names the source and
/// endpoint and never contains the password or token.
actor AirflowClient {
    let source: String
    private let baseURL: URL
    private let credentials: AirflowCredentials
    private let transport: any HTTPTransport
    private let limiter: AirflowLimiter
    private let maxBodyBytes: Int
    private var token: String?
    private var login: Task<String, any Error>?
    /// A login Airflow refused: reads that start after it in the same pass (its later, optional reads) get the same
    /// refusal instead of sending the wrong password again. `beginPass` forgets it, so the next pass tries again
    /// (a password fixed on Airflow's side is picked up).
    private var refusedLogin: AirflowError?

    init(settings: AirflowSettings, transport: any HTTPTransport) {
        source = settings.name
        baseURL = settings.baseURL
        credentials = settings.credentials
        self.transport = transport
        limiter = AirflowLimiter(limit: settings.maxConcurrentRequests)
        maxBodyBytes = settings.maxBodyBytes
    }

    /// GET `path` (with its /api/vN prefix) and decode the body.
    func get<T: Decodable & Sendable>(_ type: T.Type, _ path: String, query: [(String, String)] = [],
                                      api: AirflowAPI) async throws -> T {
        try decode(type, try await body(path, query: query, api: api), endpoint: path)
    }

    /// GET `path` (or `method` with the JSON body `json`) and return the 2xx body as is; `maxBodyBytes` caps this
    /// request below the client's cap, `accept` asks for another media type than JSON (Airflow 2's task logs as
    /// text/plain). A request refused for a stale token is sent again after a fresh login: Airflow did nothing with it.
    func body(_ path: String, query: [(String, String)] = [], api: AirflowAPI, method: String = "GET", json: Data? = nil,
              maxBodyBytes cap: Int? = nil, accept: String = "application/json") async throws -> Data {
        var renewed = false
        while true {
            let sentToken = try await bearerToken(api: api)
            let response = try await send(method, path, query: query, authorization: authorization(api, sentToken),
                                          body: json, maxBodyBytes: cap, accept: accept)
            switch response.status {
            case 200..<300:
                return response.body
            case 401, 403:
                let detail = self.detail(response.body)
                // A login token may have expired (401 "Token Expired") or been signed with a secret the server no
                // longer has (403 "Invalid JWT token"): log in again, once. A 403 "Forbidden" is a role problem.
                let stale = response.status == 401 || (detail?.localizedCaseInsensitiveContains("jwt") ?? false)
                if stale, !renewed, canRenew(api) {
                    renewed = true
                    if token == sentToken { token = nil }
                    if case .none = credentials { token = try await allAdminsToken(after: response, path: path) }
                    continue
                }
                throw AirflowError.unauthorized(source: source, endpoint: path, status: response.status, detail: detail)
            default:
                throw AirflowError.http(source: source, endpoint: path, status: response.status,
                                        detail: detail(response.body))
            }
        }
    }

    /// Which API the server speaks: /api/v2/version, then /api/v1/version. Both are public in Airflow.
    func detectAPI() async throws -> AirflowAPI {
        var answers: [String] = []
        for api in [AirflowAPI.v2, .v1] {
            let path = api.prefix + "/version"
            let response = try await send("GET", path, query: [], authorization: authorization(api, nil))
            if (200..<300).contains(response.status), (try? decode(AirflowVersion.self, response.body, endpoint: path)) != nil {
                return api
            }
            answers.append("\(path) HTTP \(response.status)")
        }
        throw AirflowError.unsupportedAPI(source: source, reason: answers.joined(separator: ", "))
    }

    // MARK: - Auth

    private func canRenew(_ api: AirflowAPI) -> Bool {
        guard api == .v2 else { return false }
        switch credentials {
        case .password, .none: return true
        case .token: return false
        }
    }

    /// v2 with a password: the current token, logging in first when there is none. Concurrent callers share
    /// one login.
    private func bearerToken(api: AirflowAPI) async throws -> String? {
        guard api == .v2, case .password = credentials else { return token }
        if let token { return token }
        if let login { return try await Self.value(of: login) }
        if let refusedLogin { throw refusedLogin }
        // The login stores its token (and forgets itself) before any caller resumes: were that left to the caller
        // that started it, another caller could get the token, see it refused, find no token stored yet and the
        // finished login still there, and be handed the refused token again.
        let task = Task {
            do {
                let fresh = try await self.logIn()
                self.finishLogin(fresh)
                return fresh
            } catch {
                self.finishLogin(nil, refusal: error)
                throw error
            }
        }
        login = task
        return try await Self.value(of: task)
    }

    /// A pass (or an action, or a log read) starts: a login refused before is tried again.
    func beginPass() {
        refusedLogin = nil
    }

    private func finishLogin(_ fresh: String?, refusal: (any Error)? = nil) {
        if let fresh { token = fresh }
        if let error = refusal as? AirflowError, case .unauthorized = error {
            refusedLogin = error
        }
        login = nil
    }

    /// The login task is unstructured (callers share it): a pass that times out cancels it too.
    private static func value(of task: Task<String, any Error>) async throws -> String {
        try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    }

    private func authorization(_ api: AirflowAPI, _ bearer: String?) -> String? {
        switch credentials {
        case let .token(value): return "Bearer \(value)"
        case let .password(username, password) where api == .v1:
            return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        default: return bearer.map { "Bearer \($0)" }
        }
    }

    /// POST /auth/token {"username", "password"} -> 201 {"access_token"}.
    private func logIn() async throws -> String {
        guard case let .password(username, password) = credentials else {
            throw AirflowError.configuration(source: source, reason: "no username and password to log in with")
        }
        let body = try JSONSerialization.data(withJSONObject: ["username": username, "password": password])
        let path = "/auth/token"
        let response = try await send("POST", path, query: [], authorization: nil, body: body)
        return try token(from: response, path: path)
    }

    /// With no credentials, Airflow 3 in all-admins mode hands out a token at GET /auth/token. If it will not,
    /// the original refusal stands.
    private func allAdminsToken(after refusal: HTTPResponse, path: String) async throws -> String {
        let response = try await send("GET", "/auth/token", query: [], authorization: nil)
        guard (200..<300).contains(response.status) else {
            throw AirflowError.unauthorized(source: source, endpoint: path, status: refusal.status,
                                            detail: detail(refusal.body).map { "\($0); no credentials configured" }
                                                ?? "no credentials configured")
        }
        return try token(from: response, path: "/auth/token")
    }

    private func token(from response: HTTPResponse, path: String) throws -> String {
        switch response.status {
        case 200..<300:
            return try decode(AirflowToken.self, response.body, endpoint: path).accessToken
        case 400, 401, 403, 422:
            throw AirflowError.unauthorized(source: source, endpoint: path, status: response.status,
                                            detail: detail(response.body))
        default:
            throw AirflowError.http(source: source, endpoint: path, status: response.status, detail: detail(response.body))
        }
    }

    // MARK: - Transport

    private func send(_ method: String, _ path: String, query: [(String, String)], authorization: String?,
                      body: Data? = nil, maxBodyBytes cap: Int? = nil,
                      accept: String = "application/json") async throws -> HTTPResponse {
        guard let url = AirflowURL.url(base: baseURL, path: path, query: query) else {
            throw AirflowError.configuration(source: source, reason: "cannot build a URL from \(AirflowURL.display(baseURL))")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue(accept, forHTTPHeaderField: "Accept")
        request.setValue("vigil", forHTTPHeaderField: "User-Agent")
        if let authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let transport = self.transport
        let response: HTTPResponse
        do {
            response = try await limiter.withPermit { [request] in
                if let cap { return try await transport.send(request, maxBodyBytes: cap) }
                return try await transport.send(request)
            }
        } catch let error as HTTPTransportError {
            switch error {
            case let .unreachable(reason):
                throw AirflowError.unreachable(source: source, url: AirflowURL.display(baseURL), reason: scrub(reason))
            case let .timeout(seconds):
                throw AirflowError.timeout(source: source, endpoint: path, seconds: seconds)
            case let .tooLarge(limit):
                throw AirflowError.tooLarge(source: source, endpoint: path, limitBytes: limit)
            case let .truncated(received, expected):
                throw AirflowError.truncated(source: source, endpoint: path, receivedBytes: received,
                                             expectedBytes: expected)
            }
        }
        // Transports other than URLSessionTransport may not enforce the cap themselves.
        let limit = min(cap ?? maxBodyBytes, maxBodyBytes)
        guard response.body.count <= limit else {
            throw AirflowError.tooLarge(source: source, endpoint: path, limitBytes: limit)
        }
        return response
    }

    private func decode<T: Decodable>(_ type: T.Type, _ body: Data, endpoint: String) throws -> T {
        do {
            return try AirflowJSON.decode(type, from: body, source: source, endpoint: endpoint)
        } catch let AirflowError.malformed(source, endpoint, reason) {
            throw AirflowError.malformed(source: source, endpoint: endpoint, reason: scrub(reason))
        }
    }

    /// The body's `detail` (or v1's `title`), cut short and without secrets.
    private func detail(_ body: Data) -> String? {
        guard let message = (try? AirflowJSON.decode(AirflowErrorBody.self, from: body))?.message,
              !message.isEmpty else { return nil }
        return scrub(TextSanitizer.collapsed(message, limit: 160))
    }

    /// Servers sometimes echo what they were sent; a secret never reaches a message.
    func scrub(_ text: String) -> String {
        var text = text
        for secret in credentials.secrets + [token].compactMap({ $0 }) where secret.count >= 3 {
            text = text.replacingOccurrences(of: secret, with: "•••")
        }
        return text
    }
}
