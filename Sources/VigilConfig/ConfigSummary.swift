/// The few lines `vigil check` prints for a valid config: enough to see it read what you meant.
public enum ConfigSummary {
    public static func lines(_ config: VigilConfiguration, file: String, storePath: String) -> [String] {
        let sources = config.sources.map { "\($0.name) (\($0.kind.rawValue))" }
        let tierOne = config.datasets.filter { $0.tier == 1 }.count
        var lines = ["\(file): OK"]
        lines.append("  \(count(sources.count, "source"))" + (sources.isEmpty ? "" : ": " + sources.joined(separator: ", ")))
        lines.append("  \(count(config.datasets.count, "dataset"))" + (tierOne > 0 ? " (\(tierOne) tier-1)" : ""))
        if let notify = config.notify, !notify.targets.isEmpty {
            let targets = notify.targets.map { "\($0.name) (\($0.kind.rawValue))" }
            let routes = notify.routes.isEmpty ? "every incident to every target" : count(notify.routes.count, "route")
            lines.append("  \(count(targets.count, "notify target")): \(targets.joined(separator: ", ")); \(routes)")
        }
        if !config.changes.isEmpty {
            let repos = config.changes.map { "\($0.name) (\($0.branch))" }
            lines.append("  \(count(repos.count, "git repository", "git repositories")) for changes: \(repos.joined(separator: ", "))")
        }
        lines.append("  store: \(storePath)" + (config.readOnly ? " (read-only)" : ""))
        return lines
    }

    static func count(_ n: Int, _ noun: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? noun : plural ?? noun + "s")"
    }
}
