import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests that need a real socket under URLSession: the kernel picks a free
/// port, one thread accepts, one thread per connection answers. The test sets a canned answer per path (or one
/// for every path) and reads back the requests that came in. Call `stop()` when done: it closes everything and
/// waits for the threads (which keep the server alive until then).
public final class LoopbackHTTPServer: @unchecked Sendable {
    public let port: UInt16
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private let listener: Int32
    private let lock = NSLock()
    private var routes: [String: CannedResponse] = [:]
    private var everywhere: CannedResponse?
    private var received: [RecordedRequest] = []
    /// Requests dropped by `clearRequests()`: request number n is `received[n - cleared]`.
    private var cleared = 0
    private var open: Set<Int32> = []
    private var stopped = false
    private let threads = DispatchGroup()

    /// Answer for a path nobody set: 404 with an Airflow-like JSON body.
    public static let notFound = CannedResponse.json(Data(#"{"detail": "Not Found"}"#.utf8), status: 404)

    public init() throws {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ServerError("socket", errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 64) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            close(fd)
            throw ServerError("bind/listen", code)
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        threads.enter()
        Thread.detachNewThread { [self] in
            acceptLoop()
            threads.leave()
        }
    }

    // MARK: - What the test sets

    /// Answer `response` on `path` (percent-encoded as on the wire, no query).
    public func respond(_ path: String, with response: CannedResponse) {
        lock.withLock { routes[path] = response }
    }

    /// Replace every per-path answer.
    public func respond(_ table: [String: CannedResponse]) {
        lock.withLock { routes = table }
    }

    /// Answer every path with `response` until `respondPerPath()`; the per-path table is kept.
    public func respondEverywhere(with response: CannedResponse) {
        lock.withLock { everywhere = response }
    }

    /// Back to the per-path answers.
    public func respondPerPath() {
        lock.withLock { everywhere = nil }
    }

    // MARK: - What the test reads

    /// Every request so far, in arrival order, with how much of its answer was sent.
    public var requests: [RecordedRequest] { lock.withLock { received } }

    public func requests(to path: String) -> [RecordedRequest] { requests.filter { $0.path == path } }

    /// Waits until no answer is in progress (true), or `seconds` pass (false). For assertions on how an answer
    /// ended: the client may return before the server's write has failed.
    public func settled(within seconds: TimeInterval = 60) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while requests.contains(where: { $0.delivery == .inProgress }) {
            if Date() > deadline { return false }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return true
    }

    public func clearRequests() {
        lock.withLock {
            cleared += received.count
            received.removeAll()
        }
    }

    /// Closes the listening socket and every open connection, and waits (up to 10 s) for the threads.
    public func stop() {
        let sockets = lock.withLock { () -> Set<Int32>? in
            if stopped { return nil }
            stopped = true
            return open
        }
        guard let sockets else { return }
        // shutdown, not close: the connection threads own their descriptors and close them themselves, so a
        // descriptor number is never closed twice or after reuse.
        for fd in sockets { shutdown(fd, Int32(SHUT_RDWR)) }
        _ = threads.wait(timeout: .now() + 10)
    }

    // MARK: - Threads

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        defer { close(listener) }
        while !isStopped {
            var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            // A small send buffer, so bytes "sent" are close to bytes the client actually read.
            var size: Int32 = 64 * 1024
            setsockopt(client, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            let admitted = lock.withLock { () -> Bool in
                if stopped { return false }
                open.insert(client)
                return true
            }
            guard admitted else {
                close(client)
                break
            }
            threads.enter()
            Thread.detachNewThread { [self] in
                serve(HTTPConnection(fd: client))
                lock.withLock { _ = open.remove(client) }
                close(client)
                threads.leave()
            }
        }
    }

    private func serve(_ connection: HTTPConnection) {
        guard let request = connection.readRequest() else { return }
        let (number, response) = lock.withLock { () -> (Int, CannedResponse) in
            received.append(request)
            return (cleared + received.count - 1, everywhere ?? routes[request.path] ?? Self.notFound)
        }
        if response.delay > 0, connection.waitUnlessAbandoned(response.delay, stopped: { isStopped }) {
            update(number) { $0.delivery = .abandoned }
            return
        }
        let complete = connection.write(response) { sent in update(number) { $0.bodyBytesSent = sent } }
        update(number) { $0.delivery = complete ? .complete : .abandoned }
        connection.finish()
    }

    private func update(_ number: Int, _ change: (inout RecordedRequest) -> Void) {
        lock.withLock {
            let index = number - cleared
            if received.indices.contains(index) { change(&received[index]) }
        }
    }
}

public struct ServerError: Error, CustomStringConvertible {
    public let call: String
    public let code: Int32
    init(_ call: String, _ code: Int32) {
        self.call = call
        self.code = code
    }

    public var description: String { "loopback server: \(call) failed: \(String(cString: strerror(code)))" }
}
