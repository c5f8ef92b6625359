import Foundation
import VigilCore

/// The reads one pass makes, for either API version, returned as domain values.
struct AirflowReader: Sendable {
    let client: AirflowClient
    let api: AirflowAPI
    let source: String
    /// Items per page (`AirflowSettings.pageSize`).
    let pageSize: Int

    var prefix: String { api.prefix }

    /// Every active DAG (v1 only_active / v2 exclude_stale are on by default), and whether that is all of them: every
    /// page read, each saying the same total, and as many DAGs as that total (a DAG added or deleted mid-read shifts
    /// the offsets, so such a listing may have skipped one and is not complete).
    func dags(max: Int = 10_000) async throws -> (dags: [AirflowDAG], complete: Bool) {
        func listing<Page>(_ pages: [Page], _ dags: (Page) -> [AirflowDAG], _ total: (Page) -> Int)
            -> (dags: [AirflowDAG], complete: Bool) {
            let all = pages.flatMap(dags)
            let totals = Set(pages.map(total))
            let unique = Set(all.map(\.pipeline.pipelineID)).count == all.count
            return (all, totals.count == 1 && totals.first == all.count && unique)
        }
        switch api {
        case .v2:
            let pages = try await pages(AirflowV2.DAGCollection.self, prefix + "/dags", query: [], max: max,
                                        count: \.dags.count, total: \.totalEntries)
            return listing(pages, { $0.dags.map { AirflowMapping.dag($0, source: source) } }, \.totalEntries)
        case .v1:
            let pages = try await pages(AirflowV1.DAGCollection.self, prefix + "/dags", query: [], max: max,
                                        count: \.dags.count, total: \.totalEntries)
            return listing(pages, { $0.dags.map { AirflowMapping.dag($0, source: source) } }, \.totalEntries)
        }
    }

    /// The DAG's task ids, upstream first (`AirflowMapping.taskOrder`). Same shape in v1 and v2.
    func tasks(ofDAG dagID: String) async throws -> [String] {
        let collection = try await client.get(AirflowTaskCollection.self,
                                              prefix + "/dags/\(AirflowURL.segment(dagID))/tasks", api: api)
        return AirflowMapping.taskOrder(collection.tasks)
    }

    /// Runs of every DAG (`~`) updated at or after `since`, newest first (by id), at most `max`.
    /// `updated_at` moves on every change of a run, including the scheduler's decisions on running ones, so a
    /// pass sees each run that started, progressed or finished since the last pass.
    /// With v2, the DAG versions those runs used (Airflow 2 has none).
    func runs(updatedSince since: Date, max: Int) async throws -> (runs: [PipelineRun], versions: [AirflowV2.DAGVersion]) {
        let query = [("updated_at_gte", AirflowTimestamp.format(since)), ("order_by", "-id")]
        let path = prefix + "/dags/~/dagRuns"
        var runs: [PipelineRun]
        var versions: [AirflowV2.DAGVersion] = []
        switch api {
        case .v2:
            let read = try await pages(AirflowV2.DAGRunCollection.self, path, query: query, cursor: true, max: max,
                                       count: \.dagRuns.count, total: \.totalEntries, next: \.nextCursor)
                .flatMap(\.dagRuns)
            versions = read.flatMap { $0.dagVersions ?? [] }
            runs = read.map { AirflowMapping.run($0, source: source) }
        case .v1:
            runs = try await pages(AirflowV1.DAGRunCollection.self, path, query: query, max: max,
                                   count: \.dagRuns.count, total: \.totalEntries)
                .flatMap(\.dagRuns).map { AirflowMapping.run($0, source: source) }
        }
        // Offset pages shift when runs are created mid-read, which repeats a run: keep its first (newest) copy.
        var seen = Set<String>()
        runs = runs.filter { seen.insert($0.id).inserted }
        return (Array(runs.prefix(max)), versions)
    }

    func taskInstances(of run: PipelineRun) async throws -> [TaskInstance] {
        let path = prefix + "/dags/\(AirflowURL.segment(run.pipelineID))/dagRuns/\(AirflowURL.segment(run.runID))/taskInstances"
        switch api {
        case .v2:
            return try await pages(AirflowV2.TaskInstanceCollection.self, path, query: [], max: 5_000,
                                   count: \.taskInstances.count, total: \.totalEntries)
                .flatMap(\.taskInstances).map { AirflowMapping.taskInstance($0, source: source) }
        case .v1:
            return try await pages(AirflowV1.TaskInstanceCollection.self, path, query: [], max: 5_000,
                                   count: \.taskInstances.count, total: \.totalEntries)
                .flatMap(\.taskInstances).map { AirflowMapping.taskInstance($0, runID: run.runID, source: source) }
        }
    }

    // MARK: - Paging

    /// Reads pages until `total_entries` is reached, `max` items are read, or a page is empty. With `cursor`, asks
    /// for keyset paging (Airflow 3.3+): it follows `next_cursor` while the server gives one, and falls back to
    /// offsets when the server ignored the request (older 3.x answer without a cursor).
    func pages<Page: Decodable & Sendable>(_ type: Page.Type, _ path: String, query: [(String, String)],
                                           cursor: Bool = false, max: Int,
                                           count: (Page) -> Int, total: (Page) -> Int,
                                           next: (Page) -> String? = { _ in nil }) async throws -> [Page] {
        var pages: [Page] = []
        var offset = 0
        var nextCursor: String? = cursor ? "" : nil
        let pageLimit = max / pageSize + 2
        while pages.count < pageLimit {
            var q = query + [("limit", String(pageSize))]
            if let nextCursor {
                q.append(("cursor", nextCursor))
            } else if offset > 0 {
                q.append(("offset", String(offset)))
            }
            let page = try await client.get(type, path, query: q, api: api)
            pages.append(page)
            let n = count(page)
            offset += n
            if n == 0 || offset >= max { break }
            if let following = next(page) {
                nextCursor = following
                continue
            }
            if let sent = nextCursor, !sent.isEmpty { break }  // the cursor ran out: last page
            nextCursor = nil
            if offset >= total(page) { break }
        }
        return pages
    }
}
