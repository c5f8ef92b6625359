import ArgumentParser
import Foundation
import VigilCore
import VigilStore
import VigilApp

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print what the store holds and exit with the Nagios plugin convention.",
        discussion: """
        Exit codes: 0 OK, 1 WARNING (something stale, failing, late, a source unhealthy or an incident open), \
        2 CRITICAL (a tier-1 dataset in error or a tier-1 pipeline failing), 3 UNKNOWN (no store, unreadable, or empty).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let snapshot: PlatformSnapshot
        do {
            let configuration = try storeOptions.loadConfiguration()
            snapshot = try Store(path: try storeOptions.path(configuration), readOnly: true).snapshot()
        } catch {
            // Even the failure follows the format asked for, so scripts can parse it.
            if format == .json {
                print(StatusReport.unknownJSON(reason: "\(error)"))
            } else {
                print("VIGIL UNKNOWN - \(error)")
            }
            throw ExitCode(OverallStatus.unknown.rawValue)
        }
        let (status, reasons) = OverallStatus.evaluate(snapshot)
        switch format {
        case .json: print(try StatusReport.json(snapshot, status: status, reasons: reasons))
        case .text: print(StatusReport.text(snapshot, status: status, reasons: reasons))
        }
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}
