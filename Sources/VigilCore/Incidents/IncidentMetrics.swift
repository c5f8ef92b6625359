import Foundation

/// Time to detect, acknowledge, mitigate and resolve one incident, from its fields and timeline.
public struct IncidentMetrics: Sendable, Equatable {
    /// Signal start → detected (opened); nil when the signal start is unknown (opened by hand).
    public var timeToDetect: TimeInterval?
    /// Detected → first acknowledgement.
    public var timeToAcknowledge: TimeInterval?
    /// Detected → first mitigation (or resolution, when it was never marked mitigated).
    public var timeToMitigate: TimeInterval?
    /// Detected → resolved.
    public var timeToResolve: TimeInterval?
    /// Signal start (detection when unknown) → first alert delivered to a notify target; nil until one is.
    public var timeToNotify: TimeInterval?

    public init(_ summary: IncidentSummary) {
        let i = summary.incident
        func first(_ kind: TimelineEventKind) -> Date? { summary.timeline.first { $0.kind == kind }?.at }
        timeToDetect = i.signalAt.map { max(0, i.openedAt.timeIntervalSince($0)) }
        timeToAcknowledge = first(.acknowledged).map { $0.timeIntervalSince(i.openedAt) }
        timeToMitigate = (first(.mitigated) ?? i.resolvedAt).map { $0.timeIntervalSince(i.openedAt) }
        timeToResolve = i.resolvedAt.map { $0.timeIntervalSince(i.openedAt) }
        timeToNotify = first(.notified).map { max(0, $0.timeIntervalSince(i.signalAt ?? i.openedAt)) }
    }

    /// Mean time to resolve over resolved incidents opened in the last `days` before `now`, and counts by severity.
    public static func summary(_ incidents: [IncidentSummary], days: Double, now: Date) -> (mttr: TimeInterval?, bySeverity: [Severity: Int]) {
        let recent = incidents.filter { now.timeIntervalSince($0.incident.openedAt) <= days * 86_400 }
        var counts: [Severity: Int] = [:]
        for i in recent { counts[i.incident.severity, default: 0] += 1 }
        let resolveTimes = recent.compactMap { IncidentMetrics($0).timeToResolve }
        let mttr = resolveTimes.isEmpty ? nil : resolveTimes.reduce(0, +) / Double(resolveTimes.count)
        return (mttr, counts)
    }
}
