import Foundation

extension AirflowV2 {
    /// GET /api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}/logs/{try} with Accept: application/json:
    /// the try's log as structured events (captured from 3.3.2). Lenient on purpose: a log holds whatever the task
    /// printed, so an event that does not look like one is skipped rather than failing the whole log.
    public struct TaskLog: Decodable, Sendable, Equatable {
        public var content: [LogEvent]

        private enum CodingKeys: String, CodingKey { case content }

        public init(content: [LogEvent]) { self.content = content }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            var items = try c.nestedUnkeyedContainer(forKey: .content)
            var events: [LogEvent] = []
            while !items.isAtEnd {
                let before = items.currentIndex
                if let event = try? items.decode(LogEvent.self) {
                    events.append(event)
                } else {
                    _ = try? items.decode(Skipped.self)
                }
                if items.currentIndex == before { break }  // a decoder that would not move on: stop, not spin
            }
            content = events
        }

        /// Consumes one element of any shape (a string, a number, an object that is no event).
        private struct Skipped: Decodable {
            init(from decoder: any Decoder) throws {}
        }
    }

    /// One log line: `event` is the message; `level` is "info", "warning", "error", "critical"...; an exception
    /// logged with it comes as `error_detail`, one entry per exception in its chain, the raised one first.
    public struct LogEvent: Decodable, Sendable, Equatable {
        public var event: String?
        public var level: String?
        public var errorDetail: [ExceptionDetail]?
        /// As written, "2026-11-26T21:26:22.510754Z"; shown, never computed with.
        public var timestamp: String?

        private enum CodingKeys: String, CodingKey { case event, level, errorDetail, timestamp }

        public init(event: String?, level: String? = nil, errorDetail: [ExceptionDetail]? = nil, timestamp: String? = nil) {
            self.event = event
            self.level = level
            self.errorDetail = errorDetail
            self.timestamp = timestamp
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            event = try? c.decodeIfPresent(String.self, forKey: .event)
            level = try? c.decodeIfPresent(String.self, forKey: .level)
            errorDetail = try? c.decodeIfPresent([ExceptionDetail].self, forKey: .errorDetail)
            timestamp = try? c.decodeIfPresent(String.self, forKey: .timestamp)
        }
    }

    /// structlog's dict traceback of one exception; `exceptions` holds an ExceptionGroup's members.
    public struct ExceptionDetail: Decodable, Sendable, Equatable {
        public var excType: String?
        public var excValue: String?
        public var excNotes: [String]?
        public var isCause: Bool?
        public var exceptions: [ExceptionDetail]?
        /// The traceback, outermost call first.
        public var frames: [Frame]?

        public init(excType: String?, excValue: String?, excNotes: [String]? = nil, isCause: Bool? = nil,
                    exceptions: [ExceptionDetail]? = nil, frames: [Frame]? = nil) {
            self.excType = excType
            self.excValue = excValue
            self.excNotes = excNotes
            self.isCause = isCause
            self.exceptions = exceptions
            self.frames = frames
        }

        private enum CodingKeys: String, CodingKey { case excType, excValue, excNotes, isCause, exceptions, frames }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            excType = try? c.decodeIfPresent(String.self, forKey: .excType)
            excValue = try? c.decodeIfPresent(String.self, forKey: .excValue)
            excNotes = try? c.decodeIfPresent([String].self, forKey: .excNotes)
            isCause = try? c.decodeIfPresent(Bool.self, forKey: .isCause)
            exceptions = try? c.decodeIfPresent([ExceptionDetail].self, forKey: .exceptions)
            frames = try? c.decodeIfPresent([Frame].self, forKey: .frames)
        }
    }

    /// One call of a traceback.
    public struct Frame: Decodable, Sendable, Equatable {
        public var filename: String?
        public var lineno: Int?
        public var name: String?

        public init(filename: String?, lineno: Int?, name: String?) {
            self.filename = filename
            self.lineno = lineno
            self.name = name
        }
    }
}
