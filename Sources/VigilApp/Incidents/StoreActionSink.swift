import Foundation
import VigilCore
import VigilStore
import VigilUI

/// Carries out the console's incident keys on the store, as the acting user.
public final class StoreActionSink: ConsoleActionSink {
    let actions: IncidentActions

    public init(store: Store, actor: String) {
        actions = IncidentActions(store: store, actor: actor)
    }

    public func perform(_ action: ConsoleIncidentAction, incidentID id: String) throws {
        switch action {
        case .acknowledge: try actions.acknowledge(id)
        case .note(let text): try actions.note(id, text)
        case .severity(let s): try actions.setSeverity(id, s)
        case .takeLead: try actions.setLead(id)
        case .mitigate: try actions.mitigate(id)
        case .resolve: try actions.resolve(id)
        }
    }
}
