import Foundation
import VigilCore

extension AirflowMapping {
    public static func run(_ run: AirflowV2.DAGRun, source: String) -> PipelineRun {
        PipelineRun(source: source, pipelineID: run.dagId, runID: run.dagRunId, state: runState(run.state),
                    logicalDate: run.logicalDate ?? run.runAfter, startedAt: run.startDate, endedAt: run.endDate,
                    runType: run.runType)
    }

    public static func run(_ run: AirflowV1.DAGRun, source: String) -> PipelineRun {
        PipelineRun(source: source, pipelineID: run.dagId, runID: run.dagRunId, state: runState(run.state),
                    logicalDate: run.logicalDate ?? run.executionDate, startedAt: run.startDate, endedAt: run.endDate,
                    runType: run.runType)
    }

    public static func taskInstance(_ ti: AirflowV2.TaskInstance, source: String) -> TaskInstance {
        let tries = tries(tryNumber: ti.tryNumber, maxTries: ti.maxTries)
        return TaskInstance(source: source, pipelineID: ti.dagId, runID: ti.dagRunId,
                            taskID: taskID(ti.taskId, mapIndex: ti.mapIndex), state: runState(ti.state),
                            tryNumber: tries.try, maxTries: tries.max, startedAt: ti.startDate, endedAt: ti.endDate,
                            operatorName: ti.operatorName ?? ti.operator, errorMessage: nil)
    }

    /// v1 task instances name their run only in newer 2.x releases; `runID` is the run they were read for.
    public static func taskInstance(_ ti: AirflowV1.TaskInstance, runID: String, source: String) -> TaskInstance {
        let tries = tries(tryNumber: ti.tryNumber, maxTries: ti.maxTries)
        return TaskInstance(source: source, pipelineID: ti.dagId, runID: ti.dagRunId ?? runID,
                            taskID: taskID(ti.taskId, mapIndex: ti.mapIndex), state: runState(ti.state),
                            tryNumber: tries.try, maxTries: tries.max, startedAt: ti.startDate, endedAt: ti.endDate,
                            operatorName: ti.operator, errorMessage: nil)
    }
}
