import Foundation
import Testing
import VigilCollectors
import VigilCore
import VigilStore
import VigilTestSupport

/// Mutated copies of every captured Dagster answer, each served for the query it answers (the others answer as
/// captured) to a real pass of the collector: the pass reads it, or refuses it with an error naming the source and
/// the query (the pass fails for the workspace and the runs, or notes it for the assets and step errors).
/// Never a crash or a hang, and a step error that gets through is clean and bounded.
@Suite(.timeLimit(.minutes(5))) struct DagsterFuzzTests {
    static let source = "dagster"

    /// The query each captured file answers.
    static func query(answering file: String) -> DagsterQuery? {
        switch file {
        case "workspace.json": return .workspace
        case _ where file.hasPrefix("runs"): return .runs
        case "assets.json", "reference_asset_nodes.json": return .assets
        case "step_failures_report_job.json", "reference_run_failure_events.json": return .stepFailures
        default: return nil
        }
    }

    @Test func mutatedAnswersAreReadOrRefusedNamingTheQuery() async throws {
        let seeds = try FuzzSettings.seeds(in: DagsterFixtures.root) { Self.query(answering: $0) != nil }
        #expect(Set(seeds.compactMap { Self.query(answering: $0.name)?.name }) == Set(DagsterQuery.all.map(\.name)))
        let store = try TestStore.fresh()
        var mutator = Mutator(seed: FuzzSettings.seed, format: .json)
        var refused = 0
        let cases = mutator.cases(from: seeds, count: FuzzSettings.count(300))
        for fuzzCase in cases {
            let query = try #require(Self.query(answering: fuzzCase.seedName))
            let body = Data(fuzzCase.bytes)
            let transport = ReplayTransport { sent in
                DagsterFixtures.operation(sent).name == query.name ? .ok(body) : try dagster()(sent)
            }
            let collector = DagsterCollector(store: store, settings: DagsterSettings(name: Self.source, baseURL: URL(string: "http://h:3000")!),
                                             transport: transport, clock: { DagsterFixtures.now })
            let pass = await FuzzWatchdog.guarding(fuzzCase.label) { await collector.poll(now: DagsterFixtures.now) }
            switch pass {
            case let .failed(error, _):
                refused += 1
                expectNamesInput(error.description, source: Self.source, endpoint: query.name, fuzzCase)
            case let .read(data, summary):
                if let note = summary.notes.first(where: { $0.contains("unknown:") }) {
                    refused += 1
                    #expect(note.contains(query.name) && !note.contains("\n"), "\(fuzzCase.label) -> \(note)")
                }
                for step in data.taskInstances {
                    guard let error = step.errorMessage else { continue }
                    #expect(error.utf8.count <= AirflowMapping.maxTaskErrorBytes && TextSanitizer.clean(error) == error,
                            "\(fuzzCase.label)")
                }
                for check in data.checks { #expect(check.message.map(TextSanitizer.isClean) ?? true, "\(fuzzCase.label)") }
            case .unchanged:
                Issue.record("a Dagster pass is never unchanged")
            }
        }
        // Most mutations break something; a fuzz run where nothing was refused tested nothing.
        #expect(refused > cases.count / 4, "\(refused) of \(cases.count) refused")
    }
}
