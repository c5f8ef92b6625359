import Foundation
import VigilCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real transport: an ephemeral URLSession (no cookies, no cache) with a per-request timeout, at most
/// `maxConnections` connections to the host, and a body cap enforced while the body streams in, so a runaway
/// answer is cut off at the cap instead of being buffered whole.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    public let timeout: TimeInterval
    public let maxBodyBytes: Int
    private let session: URLSession
    private let collector: BodyCollector

    /// A body over 16 MB is refused by default: a collector's answers are far smaller, a runaway one is an error.
    public static let defaultMaxBodyBytes = 16 * 1_048_576
    public static let defaultMaxConnections = 4

    public init(timeout: TimeInterval = 10, maxBodyBytes: Int = defaultMaxBodyBytes,
                maxConnections: Int = defaultMaxConnections) {
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpMaximumConnectionsPerHost = maxConnections
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        collector = BodyCollector(timeout: timeout)
        session = URLSession(configuration: configuration, delegate: collector, delegateQueue: nil)
    }

    deinit {
        // A session keeps its delegate alive until invalidated.
        session.finishTasksAndInvalidate()
    }

    public func send(_ request: URLRequest) async throws -> HTTPResponse {
        try await send(request, maxBodyBytes: maxBodyBytes)
    }

    /// Cut off at `min(maxBodyBytes, self.maxBodyBytes)` while the body streams in.
    public func send(_ request: URLRequest, maxBodyBytes limit: Int) async throws -> HTTPResponse {
        var request = request
        request.timeoutInterval = timeout
        let task = session.dataTask(with: request)
        let cap = min(limit, maxBodyBytes)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                collector.start(task, continuation, limit: cap)
            }
        } onCancel: {
            collector.cancel(task)
        }
    }
}

/// Collects each task's body, cutting it off at the cap, and refuses redirects so an Authorization header is
/// never replayed to another address (the 3xx is reported instead).
private final class BodyCollector: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// A class, so the body grows in place: appending to a struct copied out of the dictionary copied the whole
    /// body on every chunk (quadratic in the body size).
    private final class Pending {
        let continuation: CheckedContinuation<HTTPResponse, any Error>
        /// This request's body cap.
        let limit: Int
        var body = Data()
        var failure: HTTPTransportError?
        /// The status line and headers arrived.
        var responded = false
        /// Their Content-Length, if any.
        var expectedBytes: Int?

        init(continuation: CheckedContinuation<HTTPResponse, any Error>, limit: Int) {
            self.continuation = continuation
            self.limit = limit
        }
    }

    private let timeout: TimeInterval
    private let lock = NSLock()
    private var pending: [Int: Pending] = [:]
    /// Tasks cancelled before they started: a cancelled, never-resumed task may never report completion.
    private var cancelledEarly: Set<Int> = []

    init(timeout: TimeInterval) {
        self.timeout = timeout
    }

    func start(_ task: URLSessionDataTask, _ continuation: CheckedContinuation<HTTPResponse, any Error>,
               limit: Int) {
        let cancelled = lock.withLock { () -> Bool in
            if cancelledEarly.remove(task.taskIdentifier) != nil { return true }
            pending[task.taskIdentifier] = Pending(continuation: continuation, limit: limit)
            return false
        }
        if cancelled {
            continuation.resume(throwing: CancellationError())
        } else {
            task.resume()
        }
    }

    /// Resumes the caller at once rather than relying on the session to report the cancelled task.
    func cancel(_ task: URLSessionTask) {
        let entry = lock.withLock { () -> Pending? in
            if let entry = pending.removeValue(forKey: task.taskIdentifier) { return entry }
            cancelledEarly.insert(task.taskIdentifier)
            return nil
        }
        entry?.continuation.resume(throwing: CancellationError())
        task.cancel()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let limit = lock.withLock { () -> Int in
            pending[dataTask.taskIdentifier]?.responded = true
            pending[dataTask.taskIdentifier]?.expectedBytes =
                response.expectedContentLength >= 0 ? Int(response.expectedContentLength) : nil
            return pending[dataTask.taskIdentifier]?.limit ?? .max
        }
        if response.expectedContentLength > Int64(limit) {
            markTooLarge(dataTask)
            completionHandler(.cancel)
            // swift-corelibs-foundation ignores the disposition and would download the whole body: cancel the task.
            dataTask.cancel()
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let over = lock.withLock { () -> Bool in
            guard let entry = pending[dataTask.taskIdentifier], entry.failure == nil else { return false }
            entry.body.append(data)
            return entry.body.count > entry.limit
        }
        if over {
            markTooLarge(dataTask)
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let entry = lock.withLock({ pending.removeValue(forKey: task.taskIdentifier) }) else { return }
        if let failure = entry.failure {
            entry.continuation.resume(throwing: failure)
        } else if let error {
            entry.continuation.resume(throwing: mapped(error, after: entry))
        } else if let http = task.response as? HTTPURLResponse {
            entry.continuation.resume(returning: HTTPResponse(status: http.statusCode, body: entry.body))
        } else {
            entry.continuation.resume(throwing: HTTPTransportError.unreachable(reason: "no HTTP response"))
        }
    }

    private func markTooLarge(_ task: URLSessionTask) {
        lock.withLock {
            guard let entry = pending[task.taskIdentifier] else { return }
            entry.failure = .tooLarge(limitBytes: entry.limit)
            entry.body = Data()
        }
    }

    private func mapped(_ error: any Error, after entry: Pending) -> any Error {
        let code = (error as? URLError)?.code
        // The answer had begun (status and headers came) and then broke off, e.g. the server closed the connection
        // before Content-Length bytes (libcurl: "transfer closed with N bytes remaining to read").
        if entry.responded, code != .timedOut, code != .cancelled {
            return HTTPTransportError.truncated(receivedBytes: entry.body.count, expectedBytes: entry.expectedBytes)
        }
        guard let code else {
            return HTTPTransportError.unreachable(reason: Self.oneLine(error.localizedDescription))
        }
        switch code {
        case .timedOut: return HTTPTransportError.timeout(seconds: timeout)
        case .cancelled: return CancellationError()
        case .cannotConnectToHost: return HTTPTransportError.unreachable(reason: "connection refused")
        case .cannotFindHost, .dnsLookupFailed: return HTTPTransportError.unreachable(reason: "host not found")
        case .networkConnectionLost: return HTTPTransportError.unreachable(reason: "connection lost")
        case .notConnectedToInternet: return HTTPTransportError.unreachable(reason: "no network")
        case .secureConnectionFailed: return HTTPTransportError.unreachable(reason: "TLS handshake failed")
        case .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
             .serverCertificateHasUnknownRoot:
            return HTTPTransportError.unreachable(reason: "TLS certificate not trusted")
        default:
            return HTTPTransportError.unreachable(reason: Self.oneLine(error.localizedDescription))
        }
    }

    private static func oneLine(_ text: String) -> String { TextSanitizer.collapsed(text, limit: 120) }
}
