import Foundation
import VigilCore
import VigilStore

/// The one contract every source kind implements (Airflow, dbt, PostgreSQL; a kind that cannot start is a
/// `PendingCollector` in VigilApp).
///
/// A kind only reads: `poll(now:)` turns what the source says into a `SourcePass`, mapping wire to domain with no
/// store writes. It may read the store to plan (what is stored already), never write it. Everything after the read is
/// the same for every kind and lives once, in `collect()` below: the pass is written by `SourcePassWriter` in one
/// transaction; a failed pass writes only the source's status (down, with the failure's secret-free text) and the
/// stored data stays; `Pacing` counts failures in a row and sets the delay before the next pass.
/// Passes of one collector are run one at a time (`CollectorRunner` does; tests await each pass).
public protocol Collector: AnyObject, Sendable {
    /// What a pass that read data says about it (for the log line and tests).
    associatedtype Summary: Sendable
    /// Why a pass could not read the source; its description is stored as the source's error, so it must hold no secret.
    associatedtype Failure: Error & Sendable & CustomStringConvertible

    /// The `sources:` name: every row and status the pass writes carries it.
    var sourceName: String { get }
    var kind: SourceKind { get }
    /// Where passes are written; a collector itself only reads it, to plan.
    var store: Store { get }
    /// The time a pass starts at (injected in tests).
    var clock: @Sendable () -> Date { get }
    /// Failures in a row and the delay before the next pass.
    var pacing: Pacing { get }

    /// One read of the source. Never throws and never writes: a failure is a pass that says so.
    func poll(now: Date) async -> SourcePass<Summary, Failure>
    /// Called once what `pass` says is in the store (its data, or its failure status): what the next pass asks for
    /// may move on (watermarks, files already handled). Not called when the store refused the write.
    func passWritten(_ pass: SourcePass<Summary, Failure>) async
    /// The log line's text after "name: " for a pass that read data.
    func describe(_ summary: Summary) -> String
    /// The same for a pass that found nothing new.
    var unchangedText: String { get }
}

extension Collector {
    public func passWritten(_ pass: SourcePass<Summary, Failure>) async {}
    public var unchangedText: String { "nothing changed since the last pass" }

    /// Passes that failed in a row (0 after a success).
    public var consecutiveFailures: Int { pacing.consecutiveFailures }
    /// How long to wait before the next pass (see `Pacing`).
    public var nextDelay: TimeInterval { pacing.nextDelay }

    /// One whole pass: read, write, count. Never throws: failures are recorded as the source's status and returned.
    public func collect() async -> PassResult<Summary, Failure> {
        let now = clock()
        let pass = await poll(now: now)
        let result = record(pass, at: now)
        if result.wasWritten { await passWritten(pass) }
        return result
    }

    /// Everything after the read, the same for every kind: writes `pass` (read at `now`) in one transaction, or only
    /// the source's status when it failed, and counts it.
    func record(_ pass: SourcePass<Summary, Failure>, at now: Date) -> PassResult<Summary, Failure> {
        do {
            switch pass {
            case .unchanged:
                return .unchanged
            case let .read(data, summary):
                try store.write { w in try SourcePassWriter.write(data, source: sourceName, kind: kind, at: now, to: w) }
                pacing.succeeded()
                return .updated(summary)
            case let .failed(failure, health):
                // Counted even when the status cannot be written: the source did fail.
                pacing.failed()
                try store.write { w in
                    try SourcePassWriter.writeFailure(failure, health: health, source: sourceName, kind: kind, at: now, to: w)
                }
                return .failed(failure)
            }
        } catch {
            return .storeFailed("\(error)")
        }
    }

    /// One whole pass and its line for the log: what `CollectorRunner` calls.
    public func collectLine() async -> String {
        switch await collect() {
        case let .updated(summary): return "\(sourceName): \(describe(summary))"
        case .unchanged: return "\(sourceName): \(unchangedText)"
        case let .failed(failure):
            return "\(sourceName): \(failure)" + (pacing.backsOff ? "; next try in \(Int(nextDelay))s" : "")
        case let .storeFailed(reason): return "\(sourceName): could not write the store: \(reason)"
        }
    }
}

/// What `Collector.collect()` did.
public enum PassResult<Summary: Sendable, Failure: Error & Sendable>: Sendable {
    /// The pass was read and written in one transaction; the source is ok, or degraded with notes.
    case updated(Summary)
    /// Nothing new since the last pass: nothing was written.
    case unchanged
    /// The source could not be read: only its status was written (down), everything stored before is kept.
    case failed(Failure)
    /// The store refused the write (the pass's data or its failure status).
    case storeFailed(String)
}

extension PassResult: Equatable where Summary: Equatable, Failure: Equatable {}

extension PassResult {
    /// Whether what the pass said is in the store (its data, or its failure status): `passWritten` may follow.
    public var wasWritten: Bool {
        switch self {
        case .updated, .failed: return true
        case .unchanged, .storeFailed: return false
        }
    }
}
