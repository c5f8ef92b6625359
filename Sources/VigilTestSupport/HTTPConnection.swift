import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One accepted TCP connection of the loopback server: reads one HTTP/1.1 request, writes one answer. Every
/// answer says `Connection: close`, so there is no keep-alive to handle. Blocking I/O on the connection's own
/// thread; the server unblocks it on stop by shutting the socket down.
struct HTTPConnection {
    let fd: Int32
    /// A request head larger than this is refused (the client is not an HTTP client).
    static let maxHeadBytes = 64 * 1024
    static let chunkBytes = 64 * 1024

    /// The request, or nil when the client hung up or sent something that is not HTTP.
    func readRequest() -> RecordedRequest? {
        var buffer: [UInt8] = []
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            guard buffer.count < Self.maxHeadBytes, let chunk = receive() else { return nil }
            let searchFrom = max(0, buffer.count - 3)
            buffer += chunk
            headEnd = Self.find(separator, in: buffer, from: searchFrom)
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(buffer[(headEnd! + separator.count)...])
        let length = headers["content-length"].flatMap(Int.init) ?? 0
        while body.count < length {
            guard let chunk = receive() else { return nil }
            body += chunk
        }
        let target = String(requestLine[1])
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return RecordedRequest(method: String(requestLine[0]), path: String(parts[0]),
                               query: parts.count > 1 ? String(parts[1]) : nil, headers: headers, body: Data(body))
    }

    /// Waits `seconds`, or less if the client hangs up (true) or `stopped` turns true (also true: give up).
    func waitUnlessAbandoned(_ seconds: TimeInterval, stopped: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if stopped() { return true }
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, 50)
            if ready > 0 {
                // Nothing more is expected from the client: readable means it closed (or reset) the connection.
                var byte: UInt8 = 0
                if recv(fd, &byte, 1, Int32(MSG_PEEK)) <= 0 { return true }
            }
        }
        return stopped()
    }

    /// Writes the answer (up to its cut, if it has one); `progress` gets the body bytes sent so far. Returns false
    /// when the client went away first.
    func write(_ response: CannedResponse, progress: (Int) -> Void) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for (name, value) in response.headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        if response.announcesLength { head += "Content-Length: \(response.body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        guard sendAll(Data(head.utf8)) else { return false }
        let end = min(response.body.count, response.closeAfterBytes ?? response.body.count)
        var sent = 0
        let started = Date()
        while sent < end {
            if let rate = response.bytesPerSecond {
                let due = started.addingTimeInterval(Double(sent) / Double(rate)).timeIntervalSinceNow
                if due > 0 { usleep(useconds_t(due * 1e6)) }
            }
            let next = min(end, sent + Self.chunkBytes)
            guard sendAll(response.body[(response.body.startIndex + sent)..<(response.body.startIndex + next)]) else {
                return false
            }
            sent = next
            progress(sent)
        }
        return true
    }

    /// No more writes; the client sees the end of the body (or the cut, for a truncated one).
    func finish() {
        shutdown(fd, Int32(SHUT_WR))
    }

    // MARK: - Sockets

    private func receive() -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return Array(chunk[..<n])
    }

    /// False when the client went away (EPIPE, ECONNRESET) or the server shut the socket down.
    private func sendAll(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Self.noSignal)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
    }

    #if os(Linux)
    private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    private static let noSignal: Int32 = 0
    #endif

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}
