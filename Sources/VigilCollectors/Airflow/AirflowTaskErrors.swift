import Foundation
import VigilCore
import VigilStore

/// Error messages of failed task instances (and of tries that failed and wait for a retry), read from the log of their
/// try once per (DAG, run, task, try).
/// A run stays in the passes' window for a few passes after it changed, so without this every pass would read
/// the same logs again. Found messages are kept; a log that failed to read or held no error is tried again
/// after `retry`. The store is asked first: a message stored by an earlier process is not read again.
struct AirflowTaskErrors {
    private enum Entry {
        case message(String)
        case retryAfter(Date)
    }

    private var entries: [String: Entry] = [:]
    /// Forget everything past this many entries (runs leave the window, their entries are not needed again).
    private let capacity = 5_000

    private static func key(_ task: TaskInstance) -> String { "\(task.id)#\(task.tryNumber)" }

    /// Fills `errorMessage` of the failed tasks from memory or the store, and says which tasks' logs to read
    /// (at most `settings.maxTaskLogsPerPass`, by index into the result).
    mutating func plan(_ tasks: [TaskInstance], store: Store, settings: AirflowSettings,
                       now: Date) -> (tasks: [TaskInstance], toRead: [Int]) {
        var tasks = tasks
        var toRead: [Int] = []
        var runs: [String: [String: TaskInstance]] = [:]
        /// The message stored for the same try, so a pass that cannot read the log does not blank it (each run's
        /// tasks read from the store once).
        func stored(_ task: TaskInstance) -> String? {
            let key = "\(task.source)/\(task.pipelineID)/\(task.runID)"
            if runs[key] == nil {
                let rows = (try? store.taskInstances(source: task.source, pipelineID: task.pipelineID, runID: task.runID)) ?? []
                runs[key] = Dictionary(rows.map { ($0.taskID, $0) }, uniquingKeysWith: { first, _ in first })
            }
            guard let previous = runs[key]?[task.taskID], previous.tryNumber == task.tryNumber else { return nil }
            return previous.errorMessage
        }
        // A try that failed and will be retried has its error in its log too.
        for (index, task) in tasks.enumerated()
        where (task.state == .failed || task.state == .upForRetry) && task.errorMessage == nil {
            switch entries[Self.key(task)] {
            case let .message(text):
                tasks[index].errorMessage = text
            case let .retryAfter(date) where now < date:
                tasks[index].errorMessage = stored(task)
            default:
                if let text = stored(task) {
                    tasks[index].errorMessage = text
                    entries[Self.key(task)] = .message(text)
                } else if toRead.count < settings.maxTaskLogsPerPass {
                    toRead.append(index)
                }
            }
        }
        return (tasks, toRead)
    }

    /// Puts what `read` found into the tasks at `toRead` and remembers it.
    mutating func record(_ found: [String?], into tasks: inout [TaskInstance], at toRead: [Int],
                         settings: AirflowSettings, now: Date) {
        if entries.count + toRead.count > capacity { entries.removeAll() }
        for (position, index) in toRead.enumerated() {
            let key = Self.key(tasks[index])
            if let text = found[position] {
                tasks[index].errorMessage = text
                entries[key] = .message(text)
            } else {
                entries[key] = .retryAfter(now.addingTimeInterval(settings.taskLogRetry))
            }
        }
    }

    /// The logs' errors in the order of `tasks`; nil for each one not read in time, unreadable or without error.
    /// Never throws: a log that cannot be read (HTTP error, garbage, too big, too slow) gives nil.
    static func read(_ tasks: [TaskInstance], reader: AirflowReader, maxBytes: Int,
                     timeout: TimeInterval) async -> [String?] {
        await withTaskGroup(of: (Int, String?)?.self) { group in
            for (index, task) in tasks.enumerated() {
                group.addTask { (index, try? await reader.taskError(of: task, maxBytes: maxBytes)) }
            }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
                return nil
            }
            var results = [String?](repeating: nil, count: tasks.count)
            var pending = tasks.count
            while pending > 0, let next = await group.next() {
                guard let done = next else { break }  // the deadline: give up the rest
                results[done.0] = done.1
                pending -= 1
            }
            group.cancelAll()
            return results
        }
    }
}
