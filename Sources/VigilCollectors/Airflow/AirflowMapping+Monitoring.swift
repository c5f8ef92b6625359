import Foundation

extension AirflowMapping {
    /// One note per component reporting "unhealthy". A null status means the component is not deployed
    /// (often the triggerer), which is not a fault.
    public static func healthNotes(_ health: AirflowHealth) -> [String] {
        health.components.compactMap { name, component in
            guard let component, component.status?.lowercased() == "unhealthy" else { return nil }
            let beat = component.latestHeartbeat.map { ", last heartbeat \(AirflowTimestamp.format($0))" } ?? ""
            return "\(name) unhealthy\(beat)"
        }
    }

    /// "1 DAG file fails to import: broken_dag.py (ModuleNotFoundError: No module named '...')": the file names
    /// and the last line of the first traceback, which is usually the exception.
    public static func importErrorNote(_ errors: AirflowImportErrorCollection) -> String? {
        guard errors.totalEntries > 0 || !errors.importErrors.isEmpty else { return nil }
        let count = max(errors.totalEntries, errors.importErrors.count)
        let files = errors.importErrors.prefix(3).map { ($0.filename as NSString).lastPathComponent }
        let more = count > files.count ? ", …" : ""
        let exception = errors.importErrors.first?.stackTrace?
            .split(whereSeparator: \.isNewline).last.map { " (\($0.trimmingCharacters(in: .whitespaces)))" } ?? ""
        let noun = count == 1 ? "DAG file fails" : "DAG files fail"
        return "\(count) \(noun) to import: \(files.joined(separator: ", "))\(more)\(exception)"
    }
}
