import Foundation
import VigilCore

/// Similar past incidents as plain lines (`vigil incident show`, the postmortem): one head line per incident, then
/// how it was resolved, its notes and the runbook steps done, indented. Untrusted texts go through the sanitizer.
public enum SimilarIncidentText {
    /// At most this many notes and steps per incident (the newest notes, the first steps).
    static let maxNotes = 3
    static let maxSteps = 5

    public static func lines(_ similar: [SimilarIncident], now: Date) -> [String] {
        let line = TextSanitizer.singleLine
        var out: [String] = []
        for s in similar {
            let i = s.incident
            let ago = DurationFormat.compact(max(0, now.timeIntervalSince(i.openedAt)))
            let took = s.duration.map { "took " + DurationFormat.compact($0) } ?? "unresolved"
            out.append("\(i.id)  \(ago) ago (\(Postmortem.stamp(i.openedAt)) UTC)  \(took)  lead \(line(i.lead ?? "none"))  "
                       + "\(s.howText) — \(s.reasonText)")
            out.append("  " + line(i.title))
            if let r = s.resolvedText { out.append("  " + line(r)) }
            for n in s.notes.suffix(maxNotes) { out.append("  note: " + line(n)) }
            for step in s.steps.prefix(maxSteps) { out.append("  " + line(step)) }
            if s.steps.count > maxSteps { out.append("  … \(s.steps.count - maxSteps) more steps") }
        }
        return out
    }
}
