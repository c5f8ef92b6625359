import ArgumentParser
import Foundation
import VigilConfig
import VigilStore
import VigilApp
import VigilUI
import VigilTerminal

struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the console on the store (the default command)."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var themeOptions: ThemeOptions

    @Option(help: "Pane to open first: health, freshness, incidents, runbook, sources.")
    var pane: String = "health"

    @Option(help: "Who incident actions are recorded as (default: the config's user, else the login name).")
    var user: String?

    @Flag(help: "Look, never change: incident keys are off (also read_only: true in the config).")
    var readOnly = false

    func run() throws {
        let configuration = try storeOptions.loadConfiguration()
        let path = storeOptions.path(configuration)
        // One command for a single user: with sources configured and no `vigil collect` writing this store,
        // the console runs the collectors itself, on a background thread.
        let collectors = configuration.flatMap { InProcessCollectors.start(configuration: $0, storePath: path) }
        defer { collectors?.stop() }
        let readOnly = readOnly || configuration?.readOnly == true
        let actor = user.flatMap { $0.isEmpty ? nil : $0 } ?? (configuration ?? VigilConfiguration()).actor()
        try openConsole(storePath: path, readOnly: false, actor: readOnly ? nil : actor,
                        theme: themeOptions.name(configuration), pane: pane)
    }
}

/// Shared by `console` and `demo`: opens the store, checks the terminal, runs the console.
/// `actor` nil makes the console read-only for incident actions.
func openConsole(storePath: String, readOnly: Bool, actor: String?, theme themeName: String, pane paneName: String) throws {
    guard let pane = Pane(name: paneName) else {
        throw ValidationError("unknown pane '\(paneName)'; choose health, freshness, incidents, runbook or sources")
    }
    let (theme, store) = try prepareConsole(storePath: storePath, readOnly: readOnly, theme: themeName)
    let log = LogFile(nextTo: storePath)
    let source = StoreDataSource(store: store)
    let controller = ConsoleController(dataSource: source, initialPane: pane, loadNow: false)
    if let actor, !readOnly { controller.actionSink = StoreActionSink(store: store, actor: actor) }
    try ConsoleSession.run(controller: controller, source: source, theme: theme, log: log)
}

/// What every console needs before it starts: a usable terminal, the theme, the store. Each failure is one line,
/// exit 2 for the terminal or theme, 1 for the store.
func prepareConsole(storePath: String, readOnly: Bool, theme themeName: String) throws -> (theme: Theme, store: Store) {
    do {
        try NcursesTerminal.checkUsable(environment: ProcessInfo.processInfo.environment)
    } catch {
        printError("vigil: \(error)")
        throw ExitCode(2)
    }
    let theme: Theme
    do { theme = try ThemeSelection.load(name: themeName) } catch {
        printError("vigil: \(error)")
        throw ExitCode(2)
    }
    do {
        return (theme, try Store(path: storePath, readOnly: readOnly))
    } catch {
        printError("vigil: \(error)")
        throw ExitCode(1)
    }
}
