import Foundation
import VigilCore

/// What effects are carried out with: the store (reads), the incident writer, the orchestrators, and who acts.
public struct ConsoleServices {
    public var data: ConsoleDataSource
    /// nil in a read-only console (its state's capabilities say so too).
    public var incidents: ConsoleActionSink?
    public var orchestrators: OrchestratorGateway?
    public var actor: String

    public init(data: ConsoleDataSource, incidents: ConsoleActionSink? = nil, orchestrators: OrchestratorGateway? = nil, actor: String = "") {
        self.data = data
        self.incidents = incidents
        self.orchestrators = orchestrators
        self.actor = actor
    }

    /// The capabilities a console over these services has (incident keys, which sources take actions).
    public func capabilities(sources: [String]) -> ConsoleCapabilities {
        var caps = ConsoleCapabilities(readOnly: incidents == nil)
        for source in sources {
            if let reason = orchestrators.map({ $0.actionRefusal(source: source) }) ?? "no orchestrator actions are configured" {
                caps.actionRefusals[source] = reason
            } else {
                caps.actionSources.insert(source)
            }
        }
        return caps
    }
}

/// Carries out one effect, blocking, and returns the event that reports its outcome (nil for effects the
/// caller handles itself: quit, theme). The terminal runtime calls it on background queues; tests and
/// screenshots call it inline through `ConsoleDriver`.
public enum ConsoleEffects {
    public static func run(_ effect: ConsoleEffect, with services: ConsoleServices) -> ConsoleEvent? {
        switch effect {
        case .load(let request):
            let token = try? services.data.changeToken()
            do { return .loaded(try ConsoleData.load(request, from: services.data)) } catch {
                return .loadFailed(ConsoleError(error).description, token: token)
            }
        case .loadDrill(let route, let now):
            do {
                if case .taskLog(let ref) = route { return .drillLoaded(route, .log(try taskLog(ref, services), error: nil)) }
                return .drillLoaded(route, try DrillData.load(route, from: services.data, now: now))
            } catch {
                return .drillFailed(route, ConsoleError(error).description)
            }
        case .incident(let action, let id):
            guard let sink = services.incidents else { return .incidentDone(action, .failure(ConsoleError(ConsoleCapabilities.readOnlyReason))) }
            do { return .incidentDone(action, .success(try sink.perform(action, incidentID: id))) } catch {
                return .incidentDone(action, .failure(ConsoleError(error)))
            }
        case .preview(let action):
            guard let gateway = services.orchestrators else { return .previewDone(action, .failure(ConsoleError("no orchestrator actions are configured"))) }
            do { return .previewDone(action, .success(try gateway.preview(action))) } catch {
                return .previewDone(action, .failure(ConsoleError(error)))
            }
        case .orchestrate(let action, let incidentID):
            guard let gateway = services.orchestrators else { return .actionDone(action, .failure(ConsoleError("no orchestrator actions are configured"))) }
            do { return .actionDone(action, .success(try gateway.perform(action, actor: services.actor, incidentID: incidentID))) } catch {
                return .actionDone(action, .failure(ConsoleError(error)))
            }
        case .setTheme, .quit:
            return nil
        }
    }

    /// A try's log from its orchestrator; without one (the demo), what the store holds of the try: its error.
    private static func taskLog(_ ref: TaskLogRef, _ services: ConsoleServices) throws -> TaskLog {
        if let gateway = services.orchestrators { return try gateway.taskLog(ref) }
        let task = try services.data.taskInstances(source: ref.source, pipelineID: ref.pipelineID, runID: ref.runID)
            .first { $0.taskID == ref.taskID }
        var lines = ["No log endpoint is configured for source \(ref.source): showing what the collector recorded of this try."]
        if let message = task?.errorMessage {
            lines.append("")
            lines += message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        } else {
            lines.append("(no error was recorded)")
        }
        return TaskLog(lines: lines)
    }
}

/// Runs a console synchronously: each event's effects are carried out inline and their events fed back at once.
/// For tests (screens as `render(state)`, input as `update`), screenshots and benchmarks; the terminal uses the
/// asynchronous runtime instead.
public struct ConsoleDriver {
    public var state: ConsoleState
    public var services: ConsoleServices
    public var width: Int
    public var height: Int
    /// Effects the driver does not carry out (quit, theme), in order.
    public private(set) var unhandled: [ConsoleEffect] = []

    public init(state: ConsoleState, services: ConsoleServices, width: Int = 120, height: Int = 40) {
        self.state = state
        self.services = services
        self.width = width
        self.height = height
        var effects = Console.start(&self.state)
        _ = Console.update(&self.state, .input(.resize(width: width, height: height)))
        run(&effects)
        draw()
    }

    /// A console on `data` with `pane` open; read-only unless an incident writer is given.
    public init(data: ConsoleDataSource, pane: Pane = .health, incidents: ConsoleActionSink? = nil,
                orchestrators: OrchestratorGateway? = nil, width: Int = 120, height: Int = 40) {
        let services = ConsoleServices(data: data, incidents: incidents, orchestrators: orchestrators, actor: "tester")
        let sources = (try? data.snapshot().sources.map(\.name)) ?? []
        self.init(state: ConsoleState(pane: pane, capabilities: services.capabilities(sources: sources)), services: services,
                  width: width, height: height)
    }

    /// Sends an event, carries out what it asks (and what those ask), then draws.
    public mutating func send(_ event: ConsoleEvent) {
        if case .input(.resize(let w, let h)) = event {
            width = w
            height = h
        }
        var effects = Console.update(&state, event)
        run(&effects)
        _ = state.takeRetired()
        draw()
    }

    public mutating func press(_ keys: Key...) { for k in keys { send(.input(.key(k))) } }
    public mutating func type(_ text: String) { for c in text { send(.input(.key(.char(c)))) } }

    /// The store changed: read it again, as the runtime does when the change token moves.
    public mutating func storeChanged() { send(.storeChanged(token: try? services.data.changeToken())) }

    public func frame() -> CellBuffer { Console.render(state, width: width, height: height).buffer }

    private mutating func draw() {
        let layout = Console.render(state, width: width, height: height).layout
        if layout != state.layout { _ = Console.update(&state, .drawn(layout)) }
    }

    private mutating func run(_ effects: inout [ConsoleEffect]) {
        while !effects.isEmpty {
            let effect = effects.removeFirst()
            if let event = ConsoleEffects.run(effect, with: services) {
                effects += Console.update(&state, event)
            } else {
                unhandled.append(effect)
            }
        }
    }
}

/// The terminal a console runs on (ncurses in the product, anything that draws cells in tests).
public protocol ConsoleTerminal: AnyObject {
    func size() -> (width: Int, height: Int)
    func flush(_ buffer: CellBuffer)
    /// The next input within `timeoutMs` milliseconds (0: only what is queued), nil when none came.
    func nextEvent(timeoutMs: Int32) -> InputEvent?
    /// A quit signal (SIGINT, SIGTERM, SIGHUP) arrived.
    var quitRequested: Bool { get }
    func setTheme(_ theme: Theme)
}

extension ConsoleState {
    /// What a clock tick can change on screen: the minute shown, the spinner, the standup page.
    public var tickSignature: [Int] {
        [Int(snapshot.now.timeIntervalSince1970 / 60), spinner, standup?.pageIndex ?? -1, hasLoaded ? 1 : 0]
    }
}
