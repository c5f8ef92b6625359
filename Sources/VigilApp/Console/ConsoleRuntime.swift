import Foundation
import VigilCore
import VigilUI

/// Runs a console on a terminal: input and effect results go through `Console.update`, frames come from
/// `Console.render`, and every effect (store reads and writes, orchestrator calls) runs on a background queue,
/// so the loop never waits for one. The loop sleeps in the terminal's input wait; it wakes four times a second
/// to check the store's change token (often while an effect is under way), and draws only when something changed.
public final class ConsoleRuntime: @unchecked Sendable {
    public static let pollMilliseconds: Int32 = 250
    /// An effect that takes this long is logged.
    static let slowEffectSeconds = 1.0

    private let services: ConsoleServices
    private let theme: (String) throws -> Theme
    private let log: (String) -> Void
    private let reads = DispatchQueue(label: "vigil.console.reads", qos: .userInitiated)
    private let writes = DispatchQueue(label: "vigil.console.writes", qos: .userInitiated)
    private let calls = DispatchQueue(label: "vigil.console.orchestrators", qos: .userInitiated, attributes: .concurrent)
    private let lock = NSLock()
    private var inbox: [ConsoleEvent] = []
    private var inFlight = 0

    /// `theme` loads a theme by name, ready for the terminal (`:theme NAME`); `log` writes to the log file.
    public init(services: ConsoleServices, theme: @escaping (String) throws -> Theme, log: @escaping (String) -> Void) {
        self.services = services
        self.theme = theme
        self.log = log
    }

    /// Runs until q, or a quit signal; returns the final state.
    @discardableResult
    public func run(_ initial: ConsoleState, on terminal: ConsoleTerminal, clock: () -> Date = Date.init) -> ConsoleState {
        var state = initial
        var firstFrames = FirstFrames()
        var size = terminal.size()
        var needsDraw = true
        func handle(_ event: ConsoleEvent) {
            start(Console.update(&state, event), terminal: terminal, state: &state)
            // The snapshot a read replaced is freed on a background queue: at 20,000 datasets that takes longer
            // than a frame.
            if let old = state.takeRetired() { DispatchQueue.global(qos: .utility).async { withExtendedLifetime(old) {} } }
            needsDraw = true
        }
        start(Console.start(&state), terminal: terminal, state: &state)
        _ = Console.update(&state, .input(.resize(width: size.width, height: size.height)))
        while !terminal.quitRequested && !state.shouldQuit {
            if needsDraw {
                size = terminal.size()
                let frame = Console.render(state, width: size.width, height: size.height)
                terminal.flush(frame.buffer)
                if frame.layout != state.layout { _ = Console.update(&state, .drawn(frame.layout)) }
                needsDraw = false
                if let line = firstFrames.drawn(withData: state.hasLoaded) { log(line) }
            }
            // While an effect is under way, wake often enough to show its result at once.
            if let event = terminal.nextEvent(timeoutMs: busy ? 10 : Self.pollMilliseconds) {
                handle(.input(event))
                // Drain what is already queued (key repeat, wheel bursts) before drawing once.
                while !state.shouldQuit, let more = terminal.nextEvent(timeoutMs: 0) { handle(.input(more)) }
            }
            for event in takeInbox() { handle(event) }
            if !state.isBusy {
                do {
                    let token = try services.data.changeToken()
                    if token != state.dataToken { handle(.storeChanged(token: token)) }
                } catch {
                    let before = state.readError
                    _ = Console.update(&state, .loadFailed(ConsoleError(error).description, token: state.dataToken))
                    if state.readError != before { needsDraw = true }
                }
            }
            let signature = state.tickSignature
            start(Console.update(&state, .tick(clock())), terminal: terminal, state: &state)
            if state.tickSignature != signature { needsDraw = true }
        }
        log("console stopped")
        return state
    }

    private var busy: Bool { lock.withLock { inFlight > 0 } }

    private func takeInbox() -> [ConsoleEvent] {
        lock.withLock {
            defer { inbox = [] }
            return inbox
        }
    }

    /// Hands effects to their queues: reads in order on one, incident writes in order on another, orchestrator
    /// calls side by side. The theme is the terminal's, switched here.
    private func start(_ effects: [ConsoleEffect], terminal: ConsoleTerminal, state: inout ConsoleState) {
        for effect in effects {
            switch effect {
            case .quit: continue
            case .setTheme(let name):
                do {
                    terminal.setTheme(try theme(name))
                    _ = Console.update(&state, .notice("theme " + name, isError: false))
                } catch {
                    _ = Console.update(&state, .notice("\(error)", isError: true))
                }
                continue
            case .load, .loadDrill: dispatch(effect, on: reads)
            case .incident: dispatch(effect, on: writes)
            case .preview, .orchestrate: dispatch(effect, on: calls)
            }
            // Orchestrator actions are logged by the gateway, done or failed, with who asked.
            if case .incident(let action, let id) = effect {
                log("console: incident action \(action) on \(id.isEmpty ? "a new incident" : id)")
            }
        }
    }

    private func dispatch(_ effect: ConsoleEffect, on queue: DispatchQueue) {
        lock.withLock { inFlight += 1 }
        queue.async { [self] in
            let began = DispatchTime.now().uptimeNanoseconds
            let event = ConsoleEffects.run(effect, with: services)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
            // The console stays live meanwhile (a spinner), so say in the log what kept it waiting.
            if seconds >= Self.slowEffectSeconds { log(String(format: "console: %@ took %.1f s", effect.logName, seconds)) }
            lock.withLock {
                if let event { inbox.append(event) }
                inFlight -= 1
            }
        }
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

extension ConsoleEffect {
    /// What the log calls an effect: its kind, never its arguments (a note's text, a task's log).
    var logName: String {
        switch self {
        case .load: "the store read"
        case .loadDrill: "a drill-down read"
        case .incident: "an incident write"
        case .preview: "an orchestrator dry run"
        case .orchestrate: "an orchestrator action"
        case .setTheme: "a theme switch"
        case .quit: "quit"
        }
    }
}
