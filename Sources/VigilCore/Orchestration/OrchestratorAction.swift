import Foundation

/// What the console can ask an orchestrator to do on the on-call engineer's behalf (Airflow today).
/// Pure values: the console's update builds them, the effect runner (VigilApp) carries them out off the UI thread.
public enum OrchestratorAction: Sendable, Hashable {
    /// Clear a failed task instance so the scheduler runs it again (Airflow's clearTaskInstances); with `downstream`,
    /// the tasks after it in that run too (the Airflow UI's "Downstream": a failed task's downstream is usually
    /// upstream_failed, and the run ends failed again unless they run too).
    case clearTask(source: String, pipelineID: String, runID: String, taskID: String, downstream: Bool = false)
    /// Start a new run of the DAG now.
    case triggerRun(source: String, pipelineID: String)
    /// Pause (true) or unpause (false) the DAG.
    case setPaused(source: String, pipelineID: String, paused: Bool)

    public var source: String {
        switch self {
        case .clearTask(let s, _, _, _, _), .triggerRun(let s, _), .setPaused(let s, _, _): return s
        }
    }

    public var pipelineID: String {
        switch self {
        case .clearTask(_, let p, _, _, _), .triggerRun(_, let p), .setPaused(_, let p, _): return p
        }
    }

    /// One line for the confirmation and the timeline, e.g. "clear task load of run scheduled__… in DAG orders".
    public var summary: String {
        switch self {
        case .clearTask(_, let p, let r, let t, let downstream):
            return "clear task \(t)\(downstream ? " and its downstream" : "") of run \(r) in DAG \(p)"
        case .triggerRun(_, let p): return "trigger a run of DAG \(p)"
        case .setPaused(_, let p, let paused): return "\(paused ? "pause" : "unpause") DAG \(p)"
        }
    }
}

/// What an action would do, asked before doing it (Airflow's clear with dry_run): the task instances that will rerun.
public struct ActionPreview: Sendable, Equatable {
    /// Untrusted (names from the orchestrator); cleaned before drawing.
    public var affected: [String]
    public var note: String?

    public init(affected: [String], note: String? = nil) {
        self.affected = affected
        self.note = note
    }
}

/// The orchestrator's answer to an action that was carried out, one line (untrusted).
public struct ActionOutcome: Sendable, Equatable {
    public var text: String

    public init(text: String) { self.text = text }
}

/// Which try's log of which task instance.
public struct TaskLogRef: Sendable, Hashable {
    public var source: String
    public var pipelineID: String
    public var runID: String
    public var taskID: String
    public var tryNumber: Int

    public init(source: String, pipelineID: String, runID: String, taskID: String, tryNumber: Int) {
        self.source = source
        self.pipelineID = pipelineID
        self.runID = runID
        self.taskID = taskID
        self.tryNumber = tryNumber
    }

    public init(_ task: TaskInstance) {
        self.init(source: task.source, pipelineID: task.pipelineID, runID: task.runID, taskID: task.taskID,
                  tryNumber: max(1, task.tryNumber))
    }
}

/// A task try's log as fetched: raw lines (untrusted: cleaned before drawing), and whether it was cut to the cap.
public struct TaskLog: Sendable, Equatable {
    public var lines: [String]
    /// Set when the log was longer than the cap and only its tail (or head) is kept: says how much was cut.
    public var truncationNote: String?

    public init(lines: [String], truncationNote: String? = nil) {
        self.lines = lines
        self.truncationNote = truncationNote
    }
}
