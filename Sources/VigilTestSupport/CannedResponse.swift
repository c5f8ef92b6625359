import Foundation

/// What the loopback server answers on a path: a status, headers and a body, optionally late, optionally cut off.
public struct CannedResponse: Sendable {
    public var status: Int
    /// Sent as given, after the status line. Content-Length and Connection are added by the server.
    public var headers: [String: String]
    public var body: Data
    /// Seconds to wait before answering. The wait ends early when the client hangs up or the server stops.
    public var delay: TimeInterval
    /// Send only this many bytes of the body (Content-Length still announces all of it), then close.
    public var closeAfterBytes: Int?
    /// false: no Content-Length, the body ends when the connection closes (HTTP/1.1 allows it with
    /// `Connection: close`), so the client cannot refuse a big body before reading it.
    public var announcesLength: Bool
    /// Send the body no faster than this, like a network would; nil: as fast as the client reads.
    public var bytesPerSecond: Int?

    public init(status: Int = 200, headers: [String: String] = [:], body: Data = Data(), delay: TimeInterval = 0,
                closeAfterBytes: Int? = nil, announcesLength: Bool = true, bytesPerSecond: Int? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
        self.closeAfterBytes = closeAfterBytes
        self.announcesLength = announcesLength
        self.bytesPerSecond = bytesPerSecond
    }

    /// A JSON body.
    public static func json(_ body: Data, status: Int = 200) -> CannedResponse {
        CannedResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// A plain-text body.
    public static func text(_ body: String, status: Int = 200) -> CannedResponse {
        CannedResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data(body.utf8))
    }
}
