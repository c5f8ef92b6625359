import Foundation
import Testing
@testable import VigilCore

@Suite struct RunbookPlaceholderTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theIncidentsSubjectIsFilledInShellQuoted() {
        let failed = TaskInstance(source: "af", pipelineID: "payments_ingest", runID: "r1", taskID: "load", state: .failed,
                                  tryNumber: 2, maxTries: 2, endedAt: now)
        let snapshot = PlatformSnapshot(now: now, pipelines: [
            PipelineSummary(pipeline: Pipeline(source: "af", pipelineID: "payments_ingest"),
                            recentRuns: [PipelineRun(source: "af", pipelineID: "payments_ingest", runID: "r1", state: .failed,
                                                     startedAt: now, endedAt: now)],
                            failedTasks: [failed]),
        ])
        let incident = Incident(id: "INC-7", title: "t", severity: .sev2, openedAt: now,
                                affectedDatasets: ["raw.pay ments'; rm -rf /"], causeKey: "pipeline:af/payments_ingest")
        let p = RunbookPlaceholders(incident, in: snapshot)
        #expect(p.fill("vigil why {dataset} && airflow tasks clear {pipeline} -t {task} # {incident}")
                == "vigil why 'raw.pay ments'\\''; rm -rf /' && airflow tasks clear payments_ingest -t load # INC-7")
    }

    @Test func aPlaceholderWithoutAValueStaysAsWritten() {
        let incident = Incident(id: "INC-1", title: "t", severity: .sev3, openedAt: now)
        #expect(RunbookPlaceholders(incident, in: PlatformSnapshot(now: now)).fill("psql -c 'select 1 from {dataset}' {incident}")
                == "psql -c 'select 1 from {dataset}' INC-1")
    }
}
