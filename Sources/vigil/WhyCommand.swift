import ArgumentParser
import Foundation
import VigilApp
import VigilCore
import VigilStore

struct WhyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Print why a dataset is stale: the upstream cause, the chain down to it, and what it hits.",
        discussion: """
        Walks the lineage upstream to the nearest failed, late or still-running pipeline. Exit codes: 0 the dataset \
        is fresh, 1 it is not fresh (the chain is printed), 2 no such dataset, 3 the store cannot be read.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "Dataset name, e.g. analytics.fct_revenue.")
    var dataset: String

    @Option(help: "Output format: text or json.")
    var format: StatusCommand.Format = .text

    func run() throws {
        let snapshot: PlatformSnapshot
        do {
            let configuration = try storeOptions.loadConfiguration()
            snapshot = try Store(path: try storeOptions.path(configuration), readOnly: true).snapshot()
        } catch {
            FileHandle.standardError.write(Data("vigil why: \(error)\n".utf8))
            throw ExitCode(3)
        }
        guard let summary = snapshot.datasets.first(where: { $0.dataset.name == dataset }) else {
            let names = snapshot.datasets.map(\.dataset.name)
            let near = names.filter { $0.localizedCaseInsensitiveContains(dataset) }.prefix(5)
            FileHandle.standardError.write(Data(("vigil why: no dataset '\(dataset)' in the store"
                + (near.isEmpty ? "" : " (did you mean \(near.joined(separator: ", "))?)") + "\n").utf8))
            throw ExitCode(2)
        }
        let text = WhyReport.render(summary, in: snapshot, json: format == .json)
        print(text)
        if summary.state(now: snapshot.now) != .fresh { throw ExitCode(1) }
    }
}
