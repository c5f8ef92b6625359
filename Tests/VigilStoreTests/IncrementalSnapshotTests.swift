import Foundation
import Testing
import VigilCore
@testable import VigilStore
import VigilTestSupport

/// A snapshot re-reads only the datasets, pipelines and incidents written since the Store's last one (SnapshotCache).
/// After every kind of write that changes what a dataset, pipeline or incident shows, that snapshot must equal a full
/// read (a snapshot given `now` reads everything) of the same store at the same clock. Runs on both engines.
@Suite struct IncrementalSnapshotTests {
    let policy = FreshnessPolicy(warnAfter: 3_600, errorAfter: 7_200)

    /// The clock pinned in meta, as the demo and the benchmark's stores pin it: the snapshot without `now` uses it.
    func pin(_ store: Store, at date: Date) throws {
        try store.write { w in try w.setMeta("clock", String(date.timeIntervalSince1970)) }
    }

    /// The incremental snapshot and a full one agree; returns whether the incremental one read only the changes.
    @discardableResult
    func expectSameAsFull(_ store: Store, at clock: Date, _ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
        let partialBefore = store.snapshotCache.partial
        let kept = try store.snapshot()
        let full = try store.snapshot(now: clock)
        #expect(kept.now == clock, "\(step)", sourceLocation: sourceLocation)
        #expect(kept.datasets == full.datasets, "\(step): datasets", sourceLocation: sourceLocation)
        #expect(kept.pipelines == full.pipelines, "\(step): pipelines", sourceLocation: sourceLocation)
        #expect(kept.lineage == full.lineage, "\(step): lineage", sourceLocation: sourceLocation)
        #expect(kept.incidents == full.incidents, "\(step): incidents", sourceLocation: sourceLocation)
        #expect(kept.similar == full.similar, "\(step): similar incidents", sourceLocation: sourceLocation)
        return store.snapshotCache.partial > partialBefore
    }

    @Test func everyWriteASummaryIsMadeOfIsReadAgainAndNothingElseIs() throws {
        let store = try freshStore()
        let clock = t(10_000)
        try pin(store, at: clock)
        try store.write { w in
            try w.upsertSource(SourceStatus(name: "af", kind: .airflow, health: .ok))
            for name in ["raw.orders", "raw.payments", "stg.orders", "marts.revenue"] {
                try w.upsertDataset(Dataset(name: name, tier: name.hasPrefix("marts") ? 1 : 2, policy: policy, source: "wh"))
            }
            try w.upsertPipeline(Pipeline(source: "af", pipelineID: "ingest", tasks: ["load"]))
            try w.upsertPipeline(Pipeline(source: "af", pipelineID: "transform", tasks: ["run"]))
            try w.replaceLineage(source: "af", edges: [
                LineageEdge(upstream: .pipeline(source: "af", id: "ingest"), downstream: .dataset("raw.orders")),
                LineageEdge(upstream: .dataset("raw.orders"), downstream: .pipeline(source: "af", id: "transform")),
                LineageEdge(upstream: .pipeline(source: "af", id: "transform"), downstream: .dataset("marts.revenue")),
            ])
        }
        try expectSameAsFull(store, at: clock, "first read")
        #expect(store.snapshotCache.full == 1)

        let steps: [(String, (StoreWriter) throws -> Void)] = [
            ("an observation", { w in
                try w.recordFreshness(FreshnessSample(dataset: "raw.orders", observedAt: t(9_000), loadedAt: t(8_000)))
                try w.recordFreshness(FreshnessSample(dataset: "raw.orders", observedAt: t(9_900), loadedAt: t(8_000)))
            }),
            ("history appended", { w in
                try w.appendFreshnessHistory([FreshnessInterval(start: t(1_000), end: t(5_000), state: .error)], dataset: "raw.payments")
            }),
            ("a check failing, with history", { w in
                try w.recordCheck(DataCheck(dataset: "stg.orders", name: "not_null_id", kind: .test, state: .fail,
                                            failures: 3, at: t(9_500), source: "dbt"))
            }),
            ("a check's latest result only", { w in
                try w.recordCheck(DataCheck(dataset: "stg.orders", name: "unique_id", kind: .test, state: .pass,
                                            at: t(9_600), source: "dbt"), history: false)
            }),
            ("a check retired", { w in try w.retireChecks(source: "dbt", keeping: ["stg.orders/unique_id"]) }),
            ("a failed run and its task", { w in
                try w.upsertRun(PipelineRun(source: "af", pipelineID: "ingest", runID: "r1", state: .failed,
                                            logicalDate: t(9_000), startedAt: t(9_000), endedAt: t(9_100)))
                try w.upsertTaskInstance(TaskInstance(source: "af", pipelineID: "ingest", runID: "r1", taskID: "load",
                                                      state: .failed, startedAt: t(9_000), endedAt: t(9_100), errorMessage: "boom"))
            }),
            ("pushed events", { w in
                try w.mergePipeline(Pipeline(source: "ol", pipelineID: "pushed", tasks: ["a"]))
                try w.mergeRun(PipelineRun(source: "af", pipelineID: "transform", runID: "r2", state: .running, startedAt: t(9_700)))
                try w.mergeTaskInstance(TaskInstance(source: "af", pipelineID: "transform", runID: "r2", taskID: "run",
                                                     state: .running, startedAt: t(9_700)))
            }),
            ("a run finishing", { w in
                try w.mergeRun(PipelineRun(source: "af", pipelineID: "transform", runID: "r2", state: .success, endedAt: t(9_800)))
            }),
            ("a tier changed, which pipelines inherit", { w in
                try w.upsertDataset(Dataset(name: "raw.orders", tier: 1, policy: policy, source: "wh"))
            }),
            ("a dataset added, sorting first by bytes", { w in
                try w.upsertDataset(Dataset(name: "Zeta.upper", tier: 3, policy: policy, source: "wh"))
                try w.upsertDataset(Dataset(name: "ärger.raw", tier: 3, policy: policy, source: "wh"))
                try w.upsertPipeline(Pipeline(source: "af", pipelineID: "backfill"))
            }),
            ("a dataset and a pipeline retired", { w in
                _ = try w.retireDatasets(source: "wh", keeping: ["raw.orders", "raw.payments", "stg.orders", "marts.revenue", "ärger.raw"], at: t(9_900))
                _ = try w.retirePipelines(source: "af", keeping: ["ingest", "transform"], at: t(9_900))
            }),
            ("one listed again", { w in
                try w.upsertDataset(Dataset(name: "Zeta.upper", tier: 2, policy: policy, source: "wh"))
            }),
            ("lineage changed", { w in
                try w.replaceLineage(source: "af", edges: [
                    LineageEdge(upstream: .pipeline(source: "af", id: "ingest"), downstream: .dataset("raw.payments")),
                ])
            }),
            ("an incident opened", { w in
                try w.upsertIncident(Incident(id: "INC-1", title: "raw.orders stale", severity: .sev2, state: .triggered,
                                              openedAt: t(9_950), affectedDatasets: ["raw.orders"]))
            }),
            ("acknowledged, with its timeline entry", { w in
                try w.upsertIncident(Incident(id: "INC-1", title: "raw.orders stale", severity: .sev2, state: .acknowledged,
                                              openedAt: t(9_950), lead: "ana", affectedDatasets: ["raw.orders"]))
                try w.appendTimeline(TimelineEvent(incidentID: "INC-1", at: t(9_960), kind: .acknowledged, actor: "ana", text: "mine"))
            }),
            ("a note alone", { w in
                try w.appendTimeline(TimelineEvent(incidentID: "INC-1", at: t(9_965), kind: .note, actor: "bo", text: "CRM export late"))
            }),
            ("a runbook step done", { w in
                try w.recordStepProgress(RunbookStepProgress(incidentID: "INC-1", runbookID: "stale", stepIndex: 0, status: .done,
                                                             actor: "ana", at: t(9_970)))
            }),
            ("an action item added, then done", { w in
                try w.addActionItem(incidentID: "INC-1", text: "alert on the export", owner: "bo", due: nil, at: t(9_975), by: "ana")
                try w.markActionItemDone(incidentID: "INC-1", number: 1, at: t(9_980), by: "bo")
            }),
            ("a more severe one opened, shown first", { w in
                try w.upsertIncident(Incident(id: "INC-2", title: "marts.revenue wrong", severity: .sev1, state: .triggered,
                                              openedAt: t(9_900), affectedDatasets: ["marts.revenue"]))
            }),
            ("the first resolved", { w in
                try w.upsertIncident(Incident(id: "INC-1", title: "raw.orders stale", severity: .sev2, state: .resolved,
                                              openedAt: t(9_950), resolvedAt: t(9_985), lead: "ana", affectedDatasets: ["raw.orders"],
                                              resolution: .fixed))
            }),
            ("one resolved beyond the week shown, still in memory", { w in
                try w.upsertIncident(Incident(id: "INC-0", title: "raw.orders stale", severity: .sev3, state: .resolved,
                                              openedAt: t(-1_000_000), resolvedAt: t(-900_000), affectedDatasets: ["raw.orders"]))
            }),
            ("another like them opened", { w in
                try w.upsertIncident(Incident(id: "INC-3", title: "raw.orders stale again", severity: .sev2, state: .triggered,
                                              openedAt: t(9_990), affectedDatasets: ["raw.orders"]))
            }),
            ("a note on a resolved one, which its similar incidents quote", { w in
                try w.appendTimeline(TimelineEvent(incidentID: "INC-1", at: t(9_995), kind: .note, actor: "ana", text: "export fixed upstream"))
            }),
        ]
        for (step, write) in steps {
            try store.write(write)
            #expect(try expectSameAsFull(store, at: clock, step), "\(step): read only the rows changed")
        }
        #expect(store.snapshotCache.full == 1)
        let last = try store.snapshot()
        #expect(last.datasets.map(\.dataset.name) == ["Zeta.upper", "marts.revenue", "raw.orders", "raw.payments", "stg.orders", "ärger.raw"])
        #expect(last.incidents.map(\.incident.id) == ["INC-2", "INC-3", "INC-1"])
        let inc1 = try #require(last.incidents.last)
        #expect(inc1.timeline.map(\.text).contains("export fixed upstream"))
        #expect(inc1.stepProgress.count == 1 && inc1.actionItems.first?.doneBy == "bo")
        #expect(last.similar["INC-3"]?.map(\.incident.id) == ["INC-1", "INC-0"])
        #expect(last.similar["INC-3"]?.first?.notes.contains("export fixed upstream") == true)
    }

    @Test func aWriteByAnotherProcessIsReadAgainByTheRowsItChanged() throws {
        try TestStore.two { writer, reader in
            let clock = t(10_000)
            try pin(writer, at: clock)
            try writer.write { w in
                try w.upsertDataset(Dataset(name: "raw.orders", tier: 1, policy: policy, source: "wh"))
                try w.upsertPipeline(Pipeline(source: "af", pipelineID: "ingest"))
            }
            try expectSameAsFull(reader, at: clock, "first read")
            try writer.write { w in
                try w.recordFreshness(FreshnessSample(dataset: "raw.orders", observedAt: t(9_000), loadedAt: t(1_000)))
                try w.upsertRun(PipelineRun(source: "af", pipelineID: "ingest", runID: "r1", state: .failed, startedAt: t(9_000), endedAt: t(9_100)))
                try w.upsertIncident(Incident(id: "INC-1", title: "ingest failed", severity: .sev2, openedAt: t(9_100)))
            }
            #expect(try expectSameAsFull(reader, at: clock, "the other process's write"))
            let seen = try reader.snapshot()
            #expect(seen.datasets.first?.lastLoadedAt == t(1_000))
            #expect(seen.pipelines.first?.recentRuns.map(\.runID) == ["r1"])
            // Another lead's note, the only write: read again by its incident.
            try writer.write { w in
                try w.appendTimeline(TimelineEvent(incidentID: "INC-1", at: t(9_200), kind: .note, actor: "bo", text: "looking"))
            }
            #expect(try expectSameAsFull(reader, at: clock, "a note from another console"))
            #expect(try reader.snapshot().incidents.first?.timeline.map(\.text) == ["looking"])
        }
    }

    @Test func summariesAreReadAgainAMinuteOnOrAcrossAnHour() throws {
        let store = try freshStore()
        let hour = 1_700_002_800.0   // a whole hour
        try pin(store, at: Date(timeIntervalSince1970: hour + 100))
        try store.write { w in try w.upsertDataset(Dataset(name: "raw.orders", tier: 1, policy: policy, source: "wh")) }
        _ = try store.snapshot()
        #expect(store.snapshotCache.full == 1)

        // Half a minute on: kept (the pin is a write, so something changed to read).
        try pin(store, at: Date(timeIntervalSince1970: hour + 130))
        #expect(try expectSameAsFull(store, at: Date(timeIntervalSince1970: hour + 130), "30 s on"))
        // A minute after the full read: everything again.
        try pin(store, at: Date(timeIntervalSince1970: hour + 160))
        #expect(try !expectSameAsFull(store, at: Date(timeIntervalSince1970: hour + 160), "60 s on"))
        // The next hour, a second later: everything again (the sparkline's hours move).
        try pin(store, at: Date(timeIntervalSince1970: hour + 3_599))
        _ = try store.snapshot()
        try pin(store, at: Date(timeIntervalSince1970: hour + 3_600))
        #expect(try !expectSameAsFull(store, at: Date(timeIntervalSince1970: hour + 3_600), "across the hour"))
        // A clock going back: everything again.
        try pin(store, at: Date(timeIntervalSince1970: hour + 3_590))
        #expect(try !expectSameAsFull(store, at: Date(timeIntervalSince1970: hour + 3_590), "clock back"))
    }

    @Test func aRepeatedLineageIsNotAChange() throws {
        let store = try freshStore()
        let edges = [LineageEdge(upstream: .dataset("raw.orders"), downstream: .dataset("stg.orders"))]
        try store.write { w in try w.replaceLineage(source: "dbt", edges: edges) }
        let seq = try store.meta("lineage_seq")
        try store.write { w in try w.replaceLineage(source: "dbt", edges: edges) }
        #expect(try store.meta("lineage_seq") == seq)
        try store.write { w in try w.addLineage(source: "dbt", edges: edges) }
        #expect(try store.meta("lineage_seq") == seq)
        try store.write { w in try w.replaceLineage(source: "dbt", edges: edges, via: [edges[0]: "model.stg_orders"]) }
        #expect(try store.meta("lineage_seq") != seq)
    }
}
