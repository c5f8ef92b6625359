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

    @Option(help: "Pane to open first: health, freshness, incidents, runbook, sources, changes.")
    var pane: String = "health"

    @Option(help: "Who incident actions are recorded as (default: the config's user, else the login name).")
    var user: String?

    @Flag(help: "Look, never change: incident keys are off (also read_only: true in the config).")
    var readOnly = false

    func run() throws {
        let configuration = try storeOptions.loadConfiguration()
        let path = try storeOptions.path(configuration)
        // One command for a single user: with sources configured and no `vigil collect` writing this store,
        // the console runs the collectors itself, on a background thread.
        // A team store is collected by `vigil serve` or `vigil collect` on a server: consoles on laptops never collect
        // into it (with their own credentials and network), whatever their config lists.
        let readOnly = readOnly || configuration?.readOnly == true
        let collectors = Store.isPostgres(path)
            ? nil : configuration.flatMap { InProcessCollectors.start(configuration: $0, storePath: path) }
        defer { collectors?.stop() }
        let actor = user.flatMap { $0.isEmpty ? nil : $0 } ?? (configuration ?? VigilConfiguration()).actor()
        try openConsole(storePath: path, readOnly: false, actor: readOnly ? nil : actor,
                        theme: themeOptions.name(configuration), pane: pane, configuration: configuration)
    }
}

/// Shared by `console` and `demo`: opens the store, checks the terminal, runs the console.
/// `actor` nil makes the console read-only for incident actions.
func openConsole(storePath: String, readOnly: Bool, actor: String?, theme themeName: String, pane paneName: String,
                 configuration: VigilConfiguration? = nil, standupInterval: TimeInterval? = nil) throws {
    guard let pane = Pane(name: paneName) else {
        throw ValidationError("unknown pane '\(paneName)'; choose health, freshness, incidents, runbook, sources or changes")
    }
    let (theme, store) = try prepareConsole(storePath: storePath, readOnly: readOnly, theme: themeName)
    let log = LogFile(nextTo: storePath)
    let writable = actor != nil && !readOnly
    let orchestrators = configuration.map { ConfiguredOrchestrators(configuration: $0, store: store, log: { log.write($0) }) }
    let services = ConsoleServices(data: StoreDataSource(store: store),
                                   incidents: writable ? StoreActionSink(store: store, actor: actor!) : nil,
                                   orchestrators: orchestrators, actor: actor ?? "")
    var state = ConsoleState(pane: pane, capabilities: services.capabilities(sources: configuration?.sources.map(\.name) ?? []))
    if let standupInterval { _ = state.enterStandup(interval: standupInterval, only: true) }
    let environment = ProcessInfo.processInfo.environment
    try NcursesTerminal.checkUsable(environment: environment)
    let terminal = try NcursesTerminal(theme: theme)
    // Anything a library prints to stderr while the screen is up goes to the log, not over the panes.
    let savedStderr = log.redirectStandardError()
    defer {
        terminal.shutdown()
        LogFile.restoreStandardError(savedStderr)
    }
    let colors = terminal.capabilities.colors
    terminal.setTheme(ThemeSelection.adapt(theme, colors: colors, environment: environment))
    log.write("console started, \(colors) colours")
    let runtime = ConsoleRuntime(services: services,
                                 theme: { ThemeSelection.adapt(try ThemeSelection.load(name: $0), colors: colors, environment: environment) },
                                 log: { log.write($0) })
    runtime.run(state, on: terminal)
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
