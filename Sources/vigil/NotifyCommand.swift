import ArgumentParser
import Foundation
import VigilApp
import VigilConfig
import VigilCore

struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Alerts out: check the notify: targets in vigil.yaml.",
        subcommands: [Test.self]
    )

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a test alert (alertname VigilTest) to each target, or one, and print what it answered.",
            discussion: "Exit status 0 when every target accepted it (any 2xx), 1 otherwise. The store is not touched."
        )

        @OptionGroup var storeOptions: StoreOptions

        @Option(help: "Only this target (its name under notify.targets).")
        var target: String?

        func run() throws {
            guard let configuration = try storeOptions.loadConfiguration() else {
                throw ValidationError("no vigil.yaml found; create one with `vigil init` or pass --config FILE")
            }
            let notify = configuration.notify ?? NotifyConfig()
            guard !notify.targets.isEmpty else { throw ValidationError("vigil.yaml has no notify.targets to test") }
            var targets = notify.targets
            if let target {
                guard let one = notify.target(named: target) else {
                    throw ValidationError("no notify target '\(target)'; targets: \(notify.targets.map(\.name).joined(separator: ", "))")
                }
                targets = [one]
            }
            let sender = NotifySender(targets: targets)
            var failed = false
            for t in targets {
                let alert = NotifyAlert.test(now: Date(), resendEvery: notify.resendEvery)
                // Untrusted answers are cleaned (NotifySender) before they are printed.
                switch sender.send(alert, to: t) {
                case let .delivered(status, body):
                    print("\(t.name) (\(t.kind.rawValue)): accepted, HTTP \(status)" + (body.isEmpty ? "" : ": \(body)"))
                case let .failure(error):
                    failed = true
                    print("\(t.name) (\(t.kind.rawValue)): failed: \(error)")
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
