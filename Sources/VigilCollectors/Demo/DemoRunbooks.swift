import VigilConfig
import VigilCore

/// The two runbooks the demo ships; the story incident follows the first one. They are the example runbooks of
/// runbooks/, parsed the way `vigil runbook` reads them, so the demo shows what a real runbook file gives.
public enum DemoRunbooks {
    public static let staleTier1 = parsed(DemoRunbookFiles.staleTier1Table, id: "stale-tier1-table")
    public static let failingDagTask = parsed(DemoRunbookFiles.failingDagTask, id: "failing-dag-task")

    public static let all = [staleTier1, failingDagTask]

    /// The embedded text is fixed at build time and checked by DemoRunbookTests, so a problem here is a bug in
    /// this build, not bad input.
    private static func parsed(_ text: String, id: String) -> Runbook {
        let result = RunbookDocument.parse(text, id: id, file: "runbooks/\(id).md")
        guard let runbook = result.runbook else {
            preconditionFailure("embedded runbook \(id) has problems: \(result.problems.map(\.description))")
        }
        // Built in: there is no file on this machine to point at.
        return Runbook(id: runbook.id, title: runbook.title, steps: runbook.steps, appliesTo: runbook.appliesTo,
                       severity: runbook.severity)
    }
}
