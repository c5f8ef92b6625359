import Foundation
import VigilCore

/// Everything a store change brings to the console, read and prepared in one go: the snapshot, the open
/// drill-down views' data, the standup's incident history, and the panes' sorted rows and header counts.
/// Built by `load` off the UI thread (the `.load` effect) and handed to `Console.update` as `.loaded`.
public struct ConsoleData: Sendable {
    public var token: Int64
    public var snapshot: PlatformSnapshot
    var drill: [Route: DrillData]
    /// Standup's figures, when standup is on.
    var standup: StandupFigures?
    var health: [HealthRow]
    var freshness: [FreshnessRow]
    var changes: [ChangeRow]
    var header: HeaderCounts
    var palette: PaletteIndex

    /// What to load besides the snapshot: the routes open in any pane, and whether standup needs history.
    public struct Request: Sendable, Equatable {
        var routes: [Route]
        var standup: Bool
    }

    public static func load(_ request: Request, from source: ConsoleDataSource) throws -> ConsoleData {
        let token = try source.changeToken()
        let snapshot = try source.snapshot()
        var drill: [Route: DrillData] = [:]
        for route in request.routes { drill[route] = try DrillData.load(route, from: source, now: snapshot.now) }
        let standup = try request.standup
            ? StandupFigures(snapshot: snapshot, history: source.incidentHistory(since: snapshot.now.addingTimeInterval(-56 * 86_400)))
            : nil
        return ConsoleData(token: token, snapshot: snapshot, drill: drill, standup: standup,
                           health: HealthViewModel.rows(snapshot, filter: ""),
                           freshness: FreshnessViewModel.rows(snapshot, filter: ""),
                           changes: ChangesViewModel.rows(snapshot, filter: ""), header: HeaderCounts(snapshot),
                           palette: PaletteIndex(snapshot))
    }
}
