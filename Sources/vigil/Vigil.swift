import ArgumentParser

/// The `vigil` command: the console by default, plus subcommands for the demo, scripts and screenshots.
@main
struct Vigil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "A terminal operations console for data platforms: pipeline health, freshness, incidents, runbooks.",
        version: "0.1.0",
        subcommands: [ConsoleCommand.self, DemoCommand.self, StatusCommand.self, SnapshotCommand.self],
        defaultSubcommand: ConsoleCommand.self
    )
}
