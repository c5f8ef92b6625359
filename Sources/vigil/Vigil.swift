import ArgumentParser
import Foundation

/// The `vigil` command: the console by default, plus subcommands for the demo, scripts and screenshots.
@main
struct Vigil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "A terminal operations console for data platforms: pipeline health, freshness, incidents, runbooks.",
        version: "0.1.0",
        subcommands: [ConsoleCommand.self, DemoCommand.self, StatusCommand.self, WhyCommand.self, SnapshotCommand.self,
                      CollectCommand.self, InitCommand.self, CheckCommand.self, IncidentCommand.self, RunbookCommand.self, StandupCommand.self,
                      AirflowCommand.self, ServeCommand.self, NotifyCommand.self, ChangeCommand.self,
                      ReportCommand.self, StoreCommand.self],
        defaultSubcommand: ConsoleCommand.self
    )

    static func main() {
        CrashReporting.preferNonInteractiveBacktraces()
        main(nil)
    }
}

/// Swift's crash reporter is interactive on a TTY: after a crash it would sit on the restored screen
/// waiting for keys. It reads SWIFT_BACKTRACE only at process start, so set it and re-exec once.
enum CrashReporting {
    static func preferNonInteractiveBacktraces() {
        guard getenv("SWIFT_BACKTRACE") == nil, isatty(STDOUT_FILENO) == 1 else { return }
        setenv("SWIFT_BACKTRACE", "interactive=no", 1)
        // Exec the resolved path, not /proc/self/exe, so the process stays named "vigil" for ps and pkill.
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return }
        var argv: [UnsafeMutablePointer<CChar>?] = CommandLine.arguments.map { strdup($0) }
        argv.append(nil)
        execv(executable, &argv)
        // exec failed (no /proc): carry on with the default reporter.
    }
}
