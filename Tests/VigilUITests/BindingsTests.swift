import Foundation
import Testing
@testable import VigilCore
@testable import VigilUI

/// Key bindings are one table: what dispatch does, what the footer and `?` show, and the README's key table
/// cannot disagree.
@Suite struct BindingsTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md").standardized

    @Test func theReadmeKeyTableIsTheBindingsTable() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let begin = "<!-- keys:begin -->\n", end = "<!-- keys:end -->"
        let start = try #require(text.range(of: begin)), stop = try #require(text.range(of: end))
        let table = String(text[start.upperBound..<stop.lowerBound]).trimmingCharacters(in: .newlines)
        let expected = Bindings.markdown()
        if table != expected, ProcessInfo.processInfo.environment["VIGIL_UPDATE_GOLDEN"] == "1" {
            try (String(text[..<start.upperBound]) + expected + "\n" + String(text[stop.lowerBound...])).write(to: Self.readme, atomically: true, encoding: .utf8)
            return
        }
        #expect(table == expected, "README's key table differs from Bindings.table; VIGIL_UPDATE_GOLDEN=1 swift test --filter BindingsTests rewrites it")
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// An incident with a runbook, a failed pipeline with a task: every view has something selected.
    static func console(sink: ConsoleActionSink? = nil) -> ConsoleDriver {
        let runbook = Runbook(id: "stale", title: "Stale table", steps: [RunbookStep(title: "Look", command: "echo hi"), RunbookStep(title: "Fix")])
        var incident = Incident(id: "INC-1", title: "orders stale", severity: .sev2, openedAt: now)
        incident.runbookID = "stale"
        incident.affectedPipelines = ["orders"]
        let run = PipelineRun(source: "af", pipelineID: "orders", runID: "r1", state: .failed, startedAt: now)
        let source = TestDataSource(PlatformSnapshot(now: now, pipelines: [PipelineSummary(pipeline: Pipeline(source: "af", pipelineID: "orders"), recentRuns: [run])],
                                                     incidents: [IncidentSummary(incident: incident, timeline: [], stepProgress: [])],
                                                     runbooks: [runbook]))
        source.runs = [run]
        source.tasks = [TaskInstance(source: "af", pipelineID: "orders", runID: "r1", taskID: "load", state: .failed, errorMessage: "boom")]
        return ConsoleDriver(source, sink: sink, height: 40)
    }

    /// Each view of the console and the keys that reach it from the Health pane.
    static let views: [(name: String, keys: [Key])] = [
        ("health", []), ("freshness", [.char("2")]), ("incidents", [.char("3")]), ("runbook", [.char("4")]), ("sources", [.char("5")]),
        ("runs", [.enter]), ("tasks", [.enter, .enter]), ("log", [.enter, .enter, .enter]),
    ]

    /// In every view, each key of each binding that applies there reaches that binding, or one of a narrower scope
    /// listed before it in `?`; the footer shows only keys that act there; `?` lists every binding that applies.
    @Test(arguments: views.map(\.name))
    func dispatchFooterAndHelpAgreeIn(view: String) {
        var c = Self.console()
        for key in Self.views.first(where: { $0.name == view })!.keys { c.press(key) }
        let state = c.state
        let scopes = Bindings.activeScopes(state)
        for binding in Bindings.table where scopes.contains(binding.scope) {
            for case .key(let key) in binding.keys {
                let hit = Bindings.match(key, state)
                #expect(hit != nil, "\(binding.label) in \(view)")
                if let hit, hit.scope != binding.scope {
                    #expect(scopes.firstIndex(of: hit.scope)! < scopes.firstIndex(of: binding.scope)!,
                            "\(key) in \(view) hits \(hit.scope), not a narrower scope than \(binding.scope)")
                }
            }
        }
        for hint in Bindings.footer(state) {
            #expect(Bindings.table.contains { $0.footer == hint.action && scopes.contains($0.scope) }, "footer \(hint.key) \(hint.action) in \(view)")
        }
        c.press(.char("?"))
        let help = c.text
        for binding in Bindings.table where scopes.contains(binding.scope) {
            #expect(help.contains(String(binding.help.prefix(30))), "? in \(view) lists \(binding.help)")
        }
    }

    @Test func everyRunbookKeyShowsInHelpAndInTheFooter() {
        var c = Self.console(sink: IncidentKeyRecorder())
        c.press(.char("4"))
        let footer = c.text.split(separator: "\n").last.map(String.init) ?? ""
        for word in ["␣ done", "s skip", "n note", "x run"] { #expect(footer.contains(word), "footer: \(footer)") }
        c.press(.char("?"))
        let help = c.text
        for b in Bindings.table where b.scope == .runbook {
            #expect(help.contains(b.help.prefix(30)), "\(b.label)")
        }
        #expect(help.contains("Runbook (pane 4)"))
    }

    @Test func aKeyThatIsOffSaysWhyInTheFooterAndInHelp() {
        var c = Self.console(sink: nil)
        c.press(.char("3"), .char("a"))
        #expect(c.text.contains("✗ read-only console"))
        c.press(.char("?"))
        #expect(c.text.contains("off: read-only console"))
        c.press(.escape, .char("1"), .char("T"))
        #expect(c.text.contains("✗ read-only console: orchestrator actions are off"))
    }
}
