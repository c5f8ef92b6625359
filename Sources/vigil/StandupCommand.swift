import ArgumentParser
import Foundation
import VigilApp
import VigilStore
import VigilTerminal
import VigilUI

/// `vigil standup`: the console's standup mode on its own, for the shared screen. Read-only.
struct StandupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standup",
        abstract: "Full-screen, read-only standup view: last 24 h, SLOs by tier, open incidents, MTTR, change failure rate and alert precision; rotates.",
        discussion: "Keys: space pauses and resumes, ← → (or h l) step through the pages, q quits."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var themeOptions: ThemeOptions

    @Option(help: "Seconds each page stays up.")
    var interval: Double = 15

    func run() throws {
        let configuration = try storeOptions.loadConfiguration()
        try openConsole(storePath: try storeOptions.path(configuration), readOnly: true, actor: nil,
                        theme: themeOptions.name(configuration), pane: "health", standupInterval: interval)
    }
}
