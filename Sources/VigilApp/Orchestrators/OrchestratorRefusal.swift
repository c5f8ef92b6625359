import Foundation
import VigilCore

/// An action or log refused before anything was sent, with the reason (no `actions:` credential, a read-only
/// console, a kind of source that takes none).
public struct OrchestratorRefusal: Error, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
