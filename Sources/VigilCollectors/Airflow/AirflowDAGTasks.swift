import Foundation
import VigilCore
import VigilStore

/// Each DAG's task list (`Pipeline.tasks`), read from /dags/{dag_id}/tasks only when the DAG is new or its file was
/// parsed again since the last read (its `parseKey` moved), at most `settings.maxDAGTaskReadsPerPass` a pass: new DAGs
/// first, then the longest unread (Airflow re-parses files every `min_file_process_interval` even when unchanged, so
/// on a large Airflow the reads go round); every other pass reuses what was read. A collector that starts afresh keeps the lists the store holds
/// until it has read them again. A list that cannot be read keeps the previous one and is tried on the next pass.
struct AirflowDAGTasks {
    private struct Entry {
        var tasks: [String]
        /// The DAG's parse key when the tasks were read.
        var parseKey: String?
        /// Taken from the store, not read by this process: read again.
        var fromStore = false
        /// Order of the read (0 for a list from the store): the oldest are read again first.
        var sequence = 0
    }

    private var entries: [String: Entry] = [:]
    private var reads = 0
    private var seeded = false

    /// The pipelines with the task lists known so far, and the DAG ids whose lists to read this pass.
    mutating func plan(_ dags: [AirflowDAG], store: Store, source: String, limit: Int)
        -> (pipelines: [Pipeline], toRead: [String]) {
        if !seeded {
            seeded = true
            for pipeline in (try? store.pipelines(source: source)) ?? [] {
                entries[pipeline.pipelineID] = Entry(tasks: pipeline.tasks, parseKey: nil, fromStore: true)
            }
        }
        var pipelines: [Pipeline] = []
        var new: [String] = []
        var changed: [(id: String, sequence: Int)] = []
        for dag in dags {
            var pipeline = dag.pipeline
            let id = pipeline.pipelineID
            if let entry = entries[id] {
                pipeline.tasks = entry.tasks
                if entry.fromStore || entry.parseKey != dag.parseKey { changed.append((id, entry.sequence)) }
            } else {
                new.append(id)
            }
            pipelines.append(pipeline)
        }
        let oldestFirst = changed.enumerated().sorted { ($0.element.sequence, $0.offset) < ($1.element.sequence, $1.offset) }
        return (pipelines, Array((new + oldestFirst.map(\.element.id)).prefix(max(0, limit))))
    }

    /// Remembers the lists read and puts them into `pipelines`; a DAG whose list could not be read keeps what it had.
    mutating func record(_ read: [String: [String]], dags: [AirflowDAG], into pipelines: inout [Pipeline]) {
        let keys = Dictionary(dags.map { ($0.pipeline.pipelineID, $0.parseKey) }, uniquingKeysWith: { first, _ in first })
        for index in pipelines.indices {
            let id = pipelines[index].pipelineID
            guard let tasks = read[id], let key = keys[id] else { continue }
            reads += 1
            entries[id] = Entry(tasks: tasks, parseKey: key, sequence: reads)
            pipelines[index].tasks = tasks
        }
    }
}
