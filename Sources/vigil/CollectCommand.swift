import ArgumentParser
import Foundation
import VigilApp
import VigilStore

struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Run the collectors named in vigil.yaml headless, writing into the store.",
        discussion: "Consoles on the same store update as the collectors write. --once does a single pass (for cron or tests)."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Poll every source once and exit.")
    var once = false

    func run() throws {
        guard let configuration = try storeOptions.loadConfiguration() else {
            throw ValidationError("no vigil.yaml found; create one with `vigil init` or pass --config FILE")
        }
        let path = try storeOptions.path(configuration)
        let store: Store
        do { store = try Store(path: path) } catch {
            printError("vigil collect: \(error)")
            throw ExitCode(1)
        }
        guard let lock = CollectorLock(storePath: path) else {
            printError("vigil collect: another collector is already writing \(store.location)")
            throw ExitCode(1)
        }
        defer { withExtendedLifetime(lock) {} }
        let runner = CollectorRunner(configuration: configuration, store: store, log: printLine)
        try runner.declareDatasets()
        if once {
            runner.runOnce()
            return
        }
        printLine("vigil collect: \(runner.collectors.count) sources into \(store.location) as \(runner.holder); Ctrl-C stops.")
        let stop = StopSignal(onInterrupt: true)
        // A store file deleted or replaced under a running collector would swallow every later write: stop and say so.
        var storeProblem: (any Error)?
        runner.run(shouldStop: {
            if stop.requested { return true }
            do { try store.checkFile() } catch { storeProblem = error }
            return storeProblem != nil
        })
        if let storeProblem {
            printError("vigil collect: \(storeProblem)")
            throw ExitCode(1)
        }
    }
}
