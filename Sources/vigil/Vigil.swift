import ArgumentParser
#if canImport(Glibc)
import CMalloc
#endif
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
        ProcessMemory.returnLargeBlocksWhenFreed()
        main(nil)
    }
}

/// glibc raises its mmap threshold each time a large block is freed (up to 32 MiB); from then on a snapshot's
/// arrays come from the heap and, freed, stay in the process. Measured in tmux on the benchmark's stores, that held
/// 20 MB of the console's 126 MB at 20,000 datasets and 53 MB of 390 MB at 100,000. A fixed threshold keeps every
/// block over 1 MiB a mapping of its own, given back to the system when the snapshot it belongs to goes.
enum ProcessMemory {
    static func returnLargeBlocksWhenFreed() {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
        #endif
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
