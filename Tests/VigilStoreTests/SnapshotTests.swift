import Foundation
import Testing
import VigilCore
import VigilStore

@Suite struct SnapshotTests {
    @Test func recentRunsAreNewestFirstAndLimited() throws {
        let store = try freshStore()
        try store.write { w in
            try w.upsertPipeline(Pipeline(source: "airflow", pipelineID: "etl"))
            // Inserted oldest-last on purpose so insertion order cannot pass for recency order.
            for i in (0..<30).reversed() { try w.upsertRun(Fixture.run("r\(i)", logical: Double(i) * 3600)) }
            // A manual run without a logical date sorts by its start time.
            try w.upsertRun(Fixture.run("manual", started: 10.5 * 3600))
            try w.upsertRun(Fixture.run("undated"))
        }
        let summary = try #require(try store.snapshot(now: t(0), recentRunsPerPipeline: 5).pipelines.first)
        #expect(summary.recentRuns.map(\.runID) == ["r29", "r28", "r27", "r26", "r25"])

        let all = try store.runs(source: "airflow", pipelineID: "etl")
        #expect(all.count == 32)
        #expect(all.last?.runID == "undated")
        let manualIndex = try #require(all.firstIndex { $0.runID == "manual" })
        #expect(all[manualIndex - 1].runID == "r11")
        #expect(all[manualIndex + 1].runID == "r10")
        #expect(try store.runs(source: "airflow", pipelineID: "etl", limit: 3).map(\.runID) == ["r29", "r28", "r27"])
    }

    @Test func runLimitAppliesPerPipeline() throws {
        let store = try freshStore()
        try store.write { w in
            for p in ["a", "b"] {
                try w.upsertPipeline(Pipeline(source: "airflow", pipelineID: p))
                for i in 0..<4 { try w.upsertRun(Fixture.run("\(p)\(i)", pipeline: p, logical: Double(i))) }
            }
            try w.upsertPipeline(Pipeline(source: "airflow", pipelineID: "never-ran"))
        }
        let pipelines = try store.snapshot(now: t(0), recentRunsPerPipeline: 2).pipelines
        #expect(pipelines.map(\.pipeline.pipelineID) == ["a", "b", "never-ran"])
        #expect(pipelines.map { $0.recentRuns.map(\.runID) } == [["a3", "a2"], ["b3", "b2"], []])
    }

    @Test func incidentsOpenFirstThenRecentlyResolved() throws {
        let store = try freshStore()
        let day: TimeInterval = 86_400
        let now = t(30 * day)
        try store.write { w in
            try w.upsertIncident(Fixture.incident("INC-1", severity: .sev3, opened: 29 * day))
            try w.upsertIncident(Fixture.incident("INC-2", severity: .sev1, state: .acknowledged, opened: 10 * day))
            try w.upsertIncident(Fixture.incident("INC-3", severity: .sev1, state: .mitigated, opened: 20 * day))
            try w.upsertIncident(Fixture.incident("INC-4", severity: .sev1, state: .resolved,
                                                  opened: 25 * day, resolved: 26 * day))
            try w.upsertIncident(Fixture.incident("INC-5", severity: .sev2, state: .resolved,
                                                  opened: 27 * day, resolved: 29 * day))
            // Resolved more than 7 days before `now`: off the console.
            try w.upsertIncident(Fixture.incident("INC-6", severity: .sev1, state: .resolved,
                                                  opened: 1 * day, resolved: 22 * day))
        }
        let ids = try store.snapshot(now: now).incidents.map(\.incident.id)
        #expect(ids == ["INC-3", "INC-2", "INC-1", "INC-5", "INC-4"])
    }

    @Test func incidentsCarryTimelineAndStepProgress() throws {
        let store = try freshStore()
        try store.write { w in
            try w.upsertIncident(Fixture.incident("INC-1", severity: .sev2, opened: 0))
            try w.upsertIncident(Fixture.incident("INC-2", severity: .sev2, opened: 0))
            try w.appendTimeline(TimelineEvent(incidentID: "INC-1", at: t(20), kind: .note, actor: "ana", text: "late"))
            try w.appendTimeline(TimelineEvent(incidentID: "INC-1", at: t(0), kind: .detected, actor: "vigil", text: "x"))
            try w.appendTimeline(TimelineEvent(incidentID: "INC-2", at: t(5), kind: .detected, actor: "vigil", text: "y"))
            try w.recordStepProgress(RunbookStepProgress(incidentID: "INC-1", runbookID: "rb-stale", stepIndex: 0,
                                                         status: .done, actor: "ana", at: t(30)))
            try w.recordStepProgress(RunbookStepProgress(incidentID: "INC-1", runbookID: "rb-stale", stepIndex: 0,
                                                         status: .skipped, actor: "bo", at: t(40), note: "not needed"))
        }
        let incidents = try store.snapshot(now: t(60)).incidents
        let inc1 = try #require(incidents.first { $0.id == "INC-1" })
        #expect(inc1.timeline.map(\.kind) == [.detected, .note])
        #expect(inc1.stepProgress.map(\.status) == [.done, .skipped])
        #expect(inc1.status(ofStep: 0)?.note == "not needed")
        let inc2 = try #require(incidents.first { $0.id == "INC-2" })
        #expect(inc2.timeline.map(\.text) == ["y"])
        #expect(inc2.stepProgress.isEmpty)
    }

    @Test func clockAndDemoFlagComeFromMeta() throws {
        let store = try freshStore()
        let before = Date()
        let real = try store.snapshot()
        #expect(real.now >= before.addingTimeInterval(-1) && real.now <= Date().addingTimeInterval(1))
        #expect(real.isDemo == false)

        try store.write { w in
            try w.setMeta("demo", "1")
            try w.setMeta("clock", "1700000123")
        }
        let epoch = try store.snapshot()
        #expect(epoch.isDemo)
        #expect(epoch.now == t(123))

        try store.write { try $0.setMeta("clock", "2023-11-14T22:13:20Z") }
        #expect(try store.snapshot().now == t(0))
        try store.write { try $0.setMeta("clock", "2023-11-14T23:13:20+01:00") }
        #expect(try store.snapshot().now == t(0))
        try store.write { try $0.setMeta("clock", "2023-11-14T22:13:20.500Z") }
        #expect(try store.snapshot().now == Date(timeIntervalSince1970: 1_700_000_000.5))
        // An explicit clock wins over the demo's.
        #expect(try store.snapshot(now: t(-5)).now == t(-5))
    }

    @Test func emptyStoreGivesEmptySnapshot() throws {
        let snapshot = try freshStore().snapshot(now: t(0))
        #expect(snapshot == PlatformSnapshot(now: t(0)))
    }
}
