import Foundation

/// The fixed moment docs, screenshots and golden tests use.
public enum DemoScenario {
    /// T0 of the story: 2026-01-15T09:00:00Z.
    public static let snapshotStart = Date(timeIntervalSince1970: 1_768_467_600)
    /// 14 minutes in: the incident is open and acknowledged, two runbook steps are done.
    public static let snapshotOffset: TimeInterval = 14 * 60
    public static var snapshotNow: Date { snapshotStart.addingTimeInterval(snapshotOffset) }
}
