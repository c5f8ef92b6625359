import Foundation
import VigilCore

/// Everything that reaches `Console.update`: input, the outcome of effects, and the passing of time.
public enum ConsoleEvent: Sendable {
    case input(InputEvent)
    /// The runtime saw the store's change token move (or the console just started).
    case storeChanged(token: Int64?)
    case loaded(ConsoleData)
    case loadFailed(String, token: Int64?)
    case drillLoaded(Route, DrillData)
    case drillFailed(Route, String)
    /// An incident action finished: the incident's id, or why it failed.
    case incidentDone(ConsoleIncidentAction, Result<String, ConsoleError>)
    case previewDone(OrchestratorAction, Result<ActionPreview, ConsoleError>)
    case actionDone(OrchestratorAction, Result<ActionOutcome, ConsoleError>)
    /// Wall-clock time moved (live consoles); also turns standup pages and spins the spinner.
    case tick(Date)
    /// The last frame was drawn with this layout (for mouse hits and page sizes).
    case drawn(FrameLayout)
    /// A line for the footer from the runtime (a theme switched, or why not).
    case notice(String, isError: Bool)
}

/// A failure carried back from an effect, already one clean line.
public struct ConsoleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ error: Error) { description = TextSanitizer.singleLine("\(error)") }
    public init(_ text: String) { description = TextSanitizer.singleLine(text) }
}

/// What `update` asks the runtime to do; each comes back as an event.
public enum ConsoleEffect: Sendable, Equatable {
    /// Read the snapshot and the open views' data → `.loaded` / `.loadFailed`.
    case load(ConsoleData.Request)
    /// Read one drill-down view's data (or fetch a task log) → `.drillLoaded` / `.drillFailed`.
    case loadDrill(Route, now: Date)
    /// → `.incidentDone`
    case incident(ConsoleIncidentAction, incidentID: String)
    /// → `.previewDone`
    case preview(OrchestratorAction)
    /// → `.actionDone`
    case orchestrate(OrchestratorAction, incidentID: String?)
    /// Switch the theme (`:theme NAME`); the runtime owns the terminal's colours.
    case setTheme(String)
    case quit
}
