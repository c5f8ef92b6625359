import Foundation
import Testing
import VigilCollectors

/// Numbers from the server at the edge of Int, which crashed the mapping: found reviewing where the fuzzers'
/// Int64.max edits lead after the config duration crash (the fixed-seed runs had not reached these two fields).
@Suite struct AirflowHugeNumberTests {
    @Test func maxTriesOfIntMaxIsMappedNotTrapped() throws {
        let body = Data("""
        {"task_instances": [{"task_id": "t", "dag_id": "d", "dag_run_id": "r", "map_index": -1, "state": "failed",
          "try_number": 1, "max_tries": 9223372036854775807}], "total_entries": 1}
        """.utf8)
        let page = try AirflowJSON.decode(AirflowV2.TaskInstanceCollection.self, from: body, source: "s", endpoint: "/x")
        let ti = AirflowMapping.taskInstance(try #require(page.taskInstances.first), source: "s")
        #expect(ti.tryNumber == 1 && ti.maxTries == Int.max)
    }

    @Test func aTimeDeltaOfIntMaxDaysIsMappedNotTrapped() throws {
        let body = Data("""
        {"dags": [{"dag_id": "d", "owners": [], "schedule_interval": {"__type": "TimeDelta", "days": 9223372036854775807,
          "seconds": 0, "microseconds": 0}}], "total_entries": 1}
        """.utf8)
        let page = try AirflowJSON.decode(AirflowV1.DAGCollection.self, from: body, source: "s", endpoint: "/x")
        let dag = AirflowMapping.dag(try #require(page.dags.first), source: "s")
        #expect(dag.pipeline.schedule == "every ∞")
    }
}
