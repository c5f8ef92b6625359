import Foundation

/// A past incident like the one at hand, with what was learnt from it: when, how long, who led, how it ended,
/// the notes and the runbook steps done. Pure data; its texts are untrusted (cleaned before drawing).
public struct SimilarIncident: Codable, Sendable, Equatable, Identifiable {
    public var incident: Incident
    /// Why it is similar, strongest first: "same cause pipeline", "same failed task", "2 shared datasets", "same kind".
    public var reasons: [String]
    /// The ranking score (higher is more alike); reasons explain it.
    public var score: Int
    /// Opened → resolved, when it was resolved.
    public var duration: TimeInterval?
    /// The text of its resolved entry ("resolved as fixed: CRM back"), when there is one.
    public var resolvedText: String?
    /// Its notes, oldest first.
    public var notes: [String]
    /// Runbook steps done or skipped, oldest first, as the timeline says them ("step 1 done: Look at the lag").
    public var steps: [String]

    public var id: String { incident.id }

    public init(incident: Incident, reasons: [String], score: Int, duration: TimeInterval?, resolvedText: String?,
                notes: [String], steps: [String]) {
        self.incident = incident
        self.reasons = reasons
        self.score = score
        self.duration = duration
        self.resolvedText = resolvedText
        self.notes = notes
        self.steps = steps
    }

    /// "same cause pipeline, 2 shared datasets"
    public var reasonText: String { reasons.joined(separator: ", ") }

    /// "fixed", "noise", or "resolved" when it was resolved before resolutions were asked.
    public var howText: String { incident.resolution?.rawValue ?? (incident.state == .resolved ? "resolved" : incident.state.rawValue) }
}

/// Memory of past incidents: which resolved incidents look like this one, and why. Ranking, strongest first:
/// the same cause (pipeline or correctness key) or the same failed task; then shared datasets (and pipelines); then
/// the same kind of trouble (incident kind, and the cause's error class from the detected entry). Pure.
public enum SimilarIncidents {
    public static let defaultLimit = 3
    /// How far back past incidents are looked for, and at most how many (the store bounds its query with these).
    public static let lookBack: TimeInterval = 180 * 86_400
    public static let pastLimit = 500
    static let kindWeight = 5

    /// The `limit` past incidents most like `incident`, among `past` (only resolved ones other than it count),
    /// strongest first; ties go to the most recently resolved. Only incidents sharing something are returned.
    public static func rank(_ incident: IncidentSummary, among past: [IncidentSummary], limit: Int = defaultLimit) -> [SimilarIncident] {
        rank(incident, in: Memory(past), limit: limit)
    }

    /// `rank` against past incidents whose features are worked out once (a snapshot ranks every open incident).
    public static func rank(_ incident: IncidentSummary, in memory: Memory, limit: Int = defaultLimit) -> [SimilarIncident] {
        let me = Features(incident)
        return memory.past.compactMap { p, features -> SimilarIncident? in
            guard p.incident.id != incident.incident.id else { return nil }
            let (score, reasons) = compare(me, features)
            // The same kind alone is true of half the incidents there are: it only adds to something shared.
            guard score > kindWeight else { return nil }
            return describe(p, score: score, reasons: reasons)
        }
        .sorted {
            ($0.score, $0.incident.resolvedAt ?? $0.incident.openedAt, $1.incident.id)
                > ($1.score, $1.incident.resolvedAt ?? $1.incident.openedAt, $0.incident.id)
        }
        .prefix(limit).map { $0 }
    }

    /// The resolved incidents of a list, each with what `rank` compares of it.
    public struct Memory: Sendable {
        let past: [(summary: IncidentSummary, features: Features)]

        public init(_ past: [IncidentSummary]) {
            self.past = past.filter { $0.incident.state == .resolved }.map { ($0, Features($0)) }
        }
    }

    /// What a past incident says, read from its timeline and runbook progress, with the reasons it was picked.
    public static func describe(_ p: IncidentSummary, score: Int, reasons: [String]) -> SimilarIncident {
        let i = p.incident
        let steps = p.timeline.filter { $0.kind == .stepDone || $0.kind == .stepSkipped }.map(\.text)
        let progress = steps.isEmpty
            ? p.stepProgress.filter { $0.status != .pending }.map { "step \($0.stepIndex + 1) \($0.status.rawValue)" + ($0.note.map { ": " + $0 } ?? "") }
            : steps
        return SimilarIncident(
            incident: i, reasons: reasons, score: score,
            duration: i.resolvedAt.map { max(0, $0.timeIntervalSince(i.openedAt)) },
            resolvedText: p.timeline.last { $0.kind == .resolved }?.text,
            notes: p.timeline.filter { $0.kind == .note }.map(\.text),
            steps: progress)
    }

    /// What ranking compares, read once per incident.
    struct Features {
        var causeKey: String?
        var causeIsPipeline: Bool
        var failedTasks: Set<String>
        var datasets: Set<String>
        var pipelines: Set<String>
        var kind: IncidentKind?
        var errorClass: String?

        init(_ s: IncidentSummary) {
            let i = s.incident
            causeKey = i.causeKey
            causeIsPipeline = i.causeKey.flatMap(LineageNode.init(parsing:))?.pipelineReference != nil
            let detected = s.timeline.first { $0.kind == .detected }?.text ?? ""
            failedTasks = SimilarIncidents.failedTasks(in: i.title + " " + detected)
            datasets = Set(i.affectedDatasets)
            pipelines = Set(i.affectedPipelines)
            kind = i.kind
            errorClass = SimilarIncidents.errorClass(detected)
        }
    }

    static func compare(_ a: Features, _ b: Features) -> (Int, [String]) {
        var score = 0
        var reasons: [String] = []
        if let key = a.causeKey, key == b.causeKey {
            score += 100
            reasons.append(a.causeIsPipeline ? "same cause pipeline" : "same cause")
        }
        let tasks = a.failedTasks.intersection(b.failedTasks)
        if !tasks.isEmpty {
            score += 60
            reasons.append(tasks.count == 1 ? "same failed task \(tasks.first!)" : "\(tasks.count) same failed tasks")
        }
        let datasets = a.datasets.intersection(b.datasets).count
        if datasets > 0 {
            score += 20 * datasets
            reasons.append(datasets == 1 ? "1 shared dataset" : "\(datasets) shared datasets")
        }
        // A shared pipeline says little more when it is the cause already named.
        let pipelines = a.pipelines.intersection(b.pipelines).count
        if pipelines > 0, !reasons.contains(where: { $0.hasPrefix("same cause") }) {
            score += 15 * pipelines
            reasons.append(pipelines == 1 ? "1 shared pipeline" : "\(pipelines) shared pipelines")
        }
        // Kind and error class only rank among incidents that share something else, or stand alone weakly.
        if let k = a.kind, k == b.kind {
            score += kindWeight
            reasons.append("same kind")
        }
        if let e = a.errorClass, e == b.errorClass {
            score += 5
            reasons.append("same error (\(e))")
        }
        return (score, reasons)
    }

    /// "PIPELINE.TASK" named as failed in a title or detected entry ("customer_sync.push_to_crm failed (try 2/2)"):
    /// the run of name characters (letters, digits, `_`, `-`, `.`) just before each " failed", from its first
    /// character that is not a dot, when a dot follows that with something after it. A scan, not a regular
    /// expression: a snapshot ranks hundreds of past incidents for every open one.
    static func failedTasks(in text: String) -> Set<String> {
        let bytes = Array(text.utf8)
        let marker = Array(" failed".utf8)
        func isName(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D || b == 0x2E
        }
        var found: Set<String> = []
        var at = 0
        while at + marker.count <= bytes.count {
            guard bytes[at..<at + marker.count].elementsEqual(marker) else { at += 1; continue }
            var start = at
            while start > 0, isName(bytes[start - 1]) { start -= 1 }
            while start < at, bytes[start] == 0x2E { start += 1 }
            if let dot = bytes[start..<at].firstIndex(of: 0x2E), dot > start, dot + 1 < at {
                found.insert(String(decoding: bytes[start..<at], as: UTF8.self))
            }
            at += marker.count
        }
        return found
    }

    /// The cause's error class from a detected entry's "; cause: …" part, without names, ages and counts:
    /// "failed", "is late", "is still running"; nil when no cause was found.
    static func errorClass(_ detected: String) -> String? {
        guard let r = detected.range(of: "; cause: ") else { return nil }
        var cause = String(detected[r.upperBound...])
        if let end = cause.range(of: "; ") { cause = String(cause[..<end.lowerBound]) }
        let words = cause.split(separator: " ").dropFirst()
            .prefix { !$0.hasPrefix("(") && $0.rangeOfCharacter(from: .decimalDigits) == nil && $0 != "ago" }
        let text = words.joined(separator: " ")
        return text.isEmpty ? nil : text
    }
}
