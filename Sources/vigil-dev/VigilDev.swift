import ArgumentParser

/// `vigil-dev`: the developers' tools, kept out of the shipped `vigil`: benchmarks (scripts/bench,
/// scripts/bench-airflow) and the load generator of the crash and load tests.
@main
struct VigilDev: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil-dev",
        abstract: "Vigil's developer tools: benchmarks and load generators (not shipped).",
        subcommands: [BenchCommand.self, StressCommand.self]
    )
}
