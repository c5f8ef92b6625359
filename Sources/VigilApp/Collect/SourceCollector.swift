import Foundation

/// One configured source, polled by the runner on its own interval.
public protocol SourceCollector: AnyObject {
    var name: String { get }
    var interval: TimeInterval { get }
    /// One pass: read the source, write the store. Returns a one-line outcome for the log.
    /// Failures are recorded as the source's health in the store, not thrown.
    func poll() -> String
}
