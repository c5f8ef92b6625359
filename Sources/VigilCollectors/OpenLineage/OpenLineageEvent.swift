import Foundation
import VigilCore

/// Why an event is refused, with the HTTP status the receiver answers (a 4xx: emitters retry only 5xx, so a bad
/// event is reported once and never retried; on-call standards A1). The reason names the field and never echoes
/// more than a short, cleaned piece of the body.
public struct OpenLineageRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// 400 not JSON / not an object; 422 a required field missing, a wrong type or value, an unknown event type.
    public var status: Int
    public var reason: String

    public init(status: Int, reason: String) {
        self.status = status
        self.reason = reason
    }

    public var description: String { reason }

    static func malformed(_ reason: String) -> Self { Self(status: 400, reason: reason) }
    static func invalid(_ reason: String) -> Self { Self(status: 422, reason: reason) }
}

/// One accepted OpenLineage event: what Vigil reads of it, checked.
public struct OpenLineageEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case run = "RunEvent", dataset = "DatasetEvent", job = "JobEvent"
    }

    public enum EventType: String, Sendable, CaseIterable {
        case start = "START", running = "RUNNING", complete = "COMPLETE", abort = "ABORT", fail = "FAIL", other = "OTHER"
    }

    public struct Reference: Sendable, Equatable {
        public var namespace: String
        public var name: String
    }

    /// The run a job's run belongs to: the parent facet's root when it has one (a dbt SQL job's parent is its model
    /// job, its root the `dbt-run-…`), else its parent.
    public struct Parent: Sendable, Equatable {
        public var job: Reference
        public var runID: String
    }

    public struct Assertion: Sendable, Equatable {
        public var assertion: String
        public var success: Bool
        public var column: String?
        public var severity: String?
        public var name: String?
        public var actual: String?
    }

    public struct Input: Sendable, Equatable {
        public var dataset: Reference
        /// From `facets` and `inputFacets` together, each assertion once.
        public var assertions: [Assertion]
    }

    public struct Output: Sendable, Equatable {
        public var dataset: Reference
        public var rowCount: Int?
    }

    public var kind: Kind
    public var eventTime: Date
    /// nil for a RunEvent without one (the spec does not require it; read as OTHER).
    public var eventType: EventType?
    /// The job's namespace: a DatasetEvent's is its dataset's.
    public var namespace: String
    /// nil for a DatasetEvent.
    public var job: Reference?
    /// nil unless a RunEvent.
    public var runID: String?
    public var parent: Parent?
    public var errorMessage: String?
    public var nominalStart: Date?
    public var inputs: [Input]
    public var outputs: [Output]

    /// What makes a delivery the same event (the emitters retry on 5xx and time-outs): a RunEvent's run id, event
    /// type and time; a JobEvent's or DatasetEvent's kind, namespace, name and time. The time is whole microseconds,
    /// so `Z` and `+00:00` spellings of one instant are one key.
    public var dedupeKey: String {
        let micros = Int64((eventTime.timeIntervalSince1970 * 1_000_000).rounded())
        switch kind {
        case .run: return "run|\(runID ?? "")|\((eventType ?? .other).rawValue)|\(micros)"
        case .job, .dataset:
            return "\(kind.rawValue)|\(namespace)|\(job?.name ?? inputs.first?.dataset.name ?? "")|\(micros)"
        }
    }
}

extension OpenLineageEvent {
    /// Reads and checks one event body (already inflated). Throws the 4xx to answer.
    public static func decode(_ body: Data) throws(OpenLineageRejection) -> OpenLineageEvent {
        let wire: OpenLineageWire.Event
        do {
            wire = try JSONDecoder().decode(OpenLineageWire.Event.self, from: body)
        } catch let error as DecodingError {
            throw reject(error)
        } catch {
            throw .malformed("the body is not JSON")
        }
        return try validate(wire)
    }

    static func validate(_ wire: OpenLineageWire.Event) throws(OpenLineageRejection) -> OpenLineageEvent {
        guard let timeText = wire.eventTime else { throw .invalid("eventTime is missing") }
        guard let eventTime = OpenLineageTime.parse(timeText) else {
            throw .invalid("eventTime '\(short(timeText))' is not a date-time (e.g. 2026-12-03T06:33:39.000119+00:00)")
        }
        guard let producer = wire.producer, !producer.isEmpty else { throw .invalid("producer is missing") }
        let kind = try kind(schemaURL: wire.schemaURL, wire: wire)
        var eventType: EventType?
        if let text = wire.eventType {
            guard let type = EventType(rawValue: text) else {
                throw .invalid("eventType '\(short(text))' is not one of \(EventType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            eventType = type
        }
        let inputs = try (wire.inputs ?? []).enumerated().map { (i, input) throws(OpenLineageRejection) in
            Input(dataset: try reference(input.namespace, input.name, at: "inputs[\(i)]"),
                  assertions: try assertions([input.facets, input.inputFacets], at: "inputs[\(i)]"))
        }
        let outputs = try (wire.outputs ?? []).enumerated().map { (i, output) throws(OpenLineageRejection) in
            Output(dataset: try reference(output.namespace, output.name, at: "outputs[\(i)]"),
                   rowCount: output.outputFacets?.outputStatistics?.rowCount)
        }
        switch kind {
        case .dataset:
            guard let dataset = wire.dataset else { throw .invalid("dataset is missing (a DatasetEvent names its dataset)") }
            let ref = try reference(dataset.namespace, dataset.name, at: "dataset")
            return OpenLineageEvent(kind: kind, eventTime: eventTime, eventType: nil, namespace: ref.namespace, job: nil,
                                    runID: nil, parent: nil, errorMessage: nil, nominalStart: nil,
                                    inputs: [Input(dataset: ref, assertions: [])], outputs: [])
        case .job, .run:
            guard let wireJob = wire.job else { throw .invalid("job is missing") }
            let job = try reference(wireJob.namespace, wireJob.name, at: "job")
            guard !job.namespace.contains("/") else {
                throw .invalid("job.namespace '\(short(job.namespace))' has a '/': Vigil shows a namespace as a source " +
                               "named after it (set the emitter's namespace, e.g. OPENLINEAGE_NAMESPACE, to a plain name)")
            }
            var event = OpenLineageEvent(kind: kind, eventTime: eventTime, eventType: eventType, namespace: job.namespace,
                                         job: job, runID: nil, parent: nil, errorMessage: nil, nominalStart: nil,
                                         inputs: inputs, outputs: outputs)
            guard kind == .run else { return event }
            guard let run = wire.run else { throw .invalid("run is missing (a RunEvent needs run.runId)") }
            guard let runID = run.runId, !runID.isEmpty else { throw .invalid("run.runId is missing") }
            guard UUID(uuidString: runID) != nil else { throw .invalid("run.runId '\(short(runID))' is not a UUID") }
            event.runID = runID.lowercased()
            if let parent = run.facets?.parent ?? run.facets?.parentRun {
                let parentJob = try reference(parent.job?.namespace, parent.job?.name, at: "run.facets.parent.job")
                guard let parentRun = parent.run?.runId, UUID(uuidString: parentRun) != nil else {
                    throw .invalid("run.facets.parent.run.runId is missing or not a UUID")
                }
                event.parent = Parent(job: parentJob, runID: parentRun.lowercased())
                if let root = parent.root {
                    let rootJob = try reference(root.job?.namespace, root.job?.name, at: "run.facets.parent.root.job")
                    guard let rootRun = root.run?.runId, UUID(uuidString: rootRun) != nil else {
                        throw .invalid("run.facets.parent.root.run.runId is missing or not a UUID")
                    }
                    event.parent = Parent(job: rootJob, runID: rootRun.lowercased())
                }
                // A run that names itself as its root is a pipeline's run, not a task.
                if event.parent?.runID == event.runID { event.parent = nil }
            }
            event.errorMessage = run.facets?.errorMessage?.message
            event.nominalStart = run.facets?.nominalTime?.nominalStartTime.flatMap(OpenLineageTime.parse)
            return event
        }
    }

    /// Marquez's rule: the event class is the last segment of `schemaURL`'s fragment; none means RunEvent.
    private static func kind(schemaURL: String?, wire: OpenLineageWire.Event) throws(OpenLineageRejection) -> Kind {
        guard let url = schemaURL else { return .run }
        guard let last = url.split(separator: "/").last, let kind = Kind(rawValue: String(last)) else {
            throw .invalid("schemaURL '\(short(url))' is not an OpenLineage RunEvent, DatasetEvent or JobEvent schema")
        }
        return kind
    }

    private static func reference(_ namespace: String?, _ name: String?, at path: String) throws(OpenLineageRejection) -> Reference {
        guard let namespace, !namespace.isEmpty else { throw .invalid("\(path).namespace is missing") }
        guard let name, !name.isEmpty else { throw .invalid("\(path).name is missing") }
        return Reference(namespace: namespace, name: name)
    }

    private static func assertions(_ facets: [OpenLineageWire.InputFacets?], at path: String) throws(OpenLineageRejection) -> [Assertion] {
        var out: [Assertion] = []
        for facet in facets {
            for (i, a) in (facet?.dataQualityAssertions?.assertions ?? []).enumerated() {
                guard let assertion = a.assertion, let success = a.success else {
                    throw .invalid("\(path) dataQualityAssertions.assertions[\(i)] needs 'assertion' and 'success'")
                }
                let item = Assertion(assertion: assertion, success: success, column: a.column, severity: a.severity,
                                     name: a.name, actual: a.actual)
                if !out.contains(item) { out.append(item) }
            }
        }
        return out
    }

    /// A decoding error as the field it is about.
    private static func reject(_ error: DecodingError) -> OpenLineageRejection {
        func path(_ context: DecodingError.Context) -> String {
            let parts = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return parts.hasPrefix(".") ? String(parts.dropFirst()) : parts
        }
        switch error {
        case let .typeMismatch(type, context):
            let field = path(context)
            if field.isEmpty { return .malformed("the body is not a JSON object") }
            return .invalid("\(field) has the wrong type (expected \(typeName(type)))")
        case let .valueNotFound(type, context):
            return .invalid("\(path(context)) is null (expected \(typeName(type)))")
        case let .keyNotFound(key, context):
            return .invalid("\([path(context), key.stringValue].filter { !$0.isEmpty }.joined(separator: ".")) is missing")
        case .dataCorrupted:
            return .malformed("the body is not valid JSON")
        @unknown default:
            return .malformed("the body is not valid JSON")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "an array"
        default: return "an object"
        }
    }

    /// A piece of untrusted text fit for an error message: cleaned, one line, short.
    static func short(_ text: String) -> String { TextSanitizer.collapsed(text, limit: 80) }
}
