import Foundation
import VigilUI
import VigilTerminal

/// Runs the console on the real terminal until q, SIGINT or SIGTERM.
/// The loop sleeps in the terminal's input wait; it wakes four times a second to check the store's
/// change token, and draws only when something changed, so an idle console costs next to nothing.
/// Store changes are read on a background thread (SnapshotLoader); the loop only hands the result over.
enum ConsoleSession {
    static let pollMilliseconds: Int32 = 250

    static func run(controller: ConsoleController, source: any ConsoleDataSource & Sendable, theme: Theme, log: LogFile) throws {
        let loader = SnapshotLoader(source: source)
        if !controller.hasLoaded { loader.start(controller.reloadRequest) }
        let environment = ProcessInfo.processInfo.environment
        try NcursesTerminal.checkUsable(environment: environment)
        let terminal = try NcursesTerminal(theme: theme)
        // Anything a library prints to stderr while the screen is up goes to the log, not over the panes.
        let savedStderr = log.redirectStandardError()
        defer {
            terminal.shutdown()
            LogFile.restoreStandardError(savedStderr)
        }
        terminal.setTheme(ThemeSelection.adapt(theme, colors: terminal.capabilities.colors, environment: environment))
        log.write("console started, \(terminal.capabilities.colors) colours")
        var needsDraw = true
        var firstFrames = FirstFrames()
        while !terminal.quitRequested && !controller.shouldQuit {
            if needsDraw {
                let size = terminal.size()
                terminal.flush(controller.render(width: size.width, height: size.height))
                needsDraw = false
                if let line = firstFrames.drawn(withData: controller.hasLoaded) { log.write(line) }
            }
            // While a read is under way, wake often enough to show its result at once.
            if let event = terminal.nextEvent(timeoutMs: loader.isLoading ? 10 : pollMilliseconds) {
                needsDraw = controller.handle(event) || needsDraw
                // Drain what is already queued (key repeat, wheel bursts) before drawing once.
                while !controller.shouldQuit, let more = terminal.nextEvent(timeoutMs: 0) {
                    needsDraw = controller.handle(more) || needsDraw
                }
            }
            if let result = loader.take() {
                switch result {
                case .success(let data): controller.apply(data); needsDraw = true
                case .failure(let error): needsDraw = controller.loadFailed(error) || needsDraw
                }
            }
            if !loader.isLoading {
                do {
                    if try controller.hasChanged() { loader.start(controller.reloadRequest) }
                } catch {
                    needsDraw = controller.noteReadFailure(error) || needsDraw
                }
            }
            if controller.advanceClock(to: Date()) { needsDraw = true }
            if controller.tick(now: Date()) { needsDraw = true }
        }
        log.write("console stopped")
    }
}

/// Logs how long after process start the first frame, and the first frame with the store's data, were drawn
/// (`scripts/bench` reads these lines for time to first frame).
struct FirstFrames {
    private var frame = false
    private var data = false

    mutating func drawn(withData: Bool) -> String? {
        var parts: [String] = []
        if !frame { frame = true; parts.append("first frame") }
        if withData, !data { data = true; parts.append("first frame with store data") }
        guard !parts.isEmpty, let ms = Self.millisecondsSinceStart() else { return nil }
        return parts.joined(separator: " and ") + String(format: " drawn %.0f ms after process start", ms)
    }

    /// From /proc: the process start time (clock ticks since boot) against the time since boot now.
    static func millisecondsSinceStart() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is field 3, starttime field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        var now = timespec()
        clock_gettime(CLOCK_BOOTTIME, &now)
        let sinceBoot = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        return max(0, (sinceBoot - ticks / Double(sysconf(Int32(_SC_CLK_TCK)))) * 1_000)
    }
}
