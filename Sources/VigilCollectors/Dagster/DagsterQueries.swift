/// The GraphQL queries the collector sends to Dagster's `/graphql`, as named constants: the fixtures in
/// `Tests/VigilCollectorsTests/Fixtures/dagster-1.13` are a real Dagster's answers to exactly these texts, and a
/// transport that answers them (the demo's simulated Dagster) can switch on `name`.
public struct DagsterQuery: Sendable, Equatable {
    /// The operation name, as in the text.
    public let name: String
    public let text: String
}

extension DagsterQuery {
    /// Code locations (a load error names the location), their jobs, schedules (with the last tick the daemon
    /// evaluated and the next one) and sensors.
    public static let workspace = DagsterQuery(name: "VigilWorkspace", text: """
        query VigilWorkspace {
          workspaceOrError {
            __typename
            ... on Workspace {
              locationEntries {
                name
                loadStatus
                locationOrLoadError {
                  __typename
                  ... on RepositoryLocation {
                    repositories {
                      name
                      jobs { name isAssetJob }
                      schedules {
                        name
                        cronSchedule
                        executionTimezone
                        pipelineName
                        scheduleState { status ticks(limit: 1) { timestamp status } }
                        futureTicks(limit: 1) { results { timestamp } }
                      }
                      sensors { name sensorState { status } targets { pipelineName } }
                    }
                  }
                  ... on PythonError { message }
                }
              }
            }
            ... on PythonError { message }
          }
        }
        """)

    /// Runs, newest first; variables `limit` and `filter` (`updatedAfter`, seconds).
    public static let runs = DagsterQuery(name: "VigilRuns", text: """
        query VigilRuns($limit: Int, $filter: RunsFilter) {
          runsOrError(limit: $limit, filter: $filter) {
            __typename
            ... on Runs {
              results {
                runId
                jobName
                status
                creationTime
                startTime
                endTime
                updateTime
                tags { key value }
                repositoryOrigin { repositoryLocationName repositoryName }
                stepStats { stepKey status startTime endTime attempts { startTime } }
              }
            }
            ... on InvalidPipelineRunsFilterError { message }
            ... on PythonError { message }
          }
        }
        """)

    /// One page of a run's events (variables `runId`, `afterCursor`, `limit`); only step failures are spelled out.
    public static let stepFailures = DagsterQuery(name: "VigilStepFailures", text: """
        query VigilStepFailures($runId: ID!, $afterCursor: String, $limit: Int) {
          logsForRun(runId: $runId, afterCursor: $afterCursor, limit: $limit) {
            __typename
            ... on EventConnection {
              cursor
              hasMore
              events {
                __typename
                ... on ExecutionStepFailureEvent {
                  stepKey
                  timestamp
                  error { className message stack cause { className message stack } }
                }
              }
            }
            ... on RunNotFoundError { message }
            ... on PythonError { message }
          }
        }
        """)

    /// Every asset with its jobs, upstream assets, owners, naming metadata, freshness policy, latest materialization
    /// and its checks' executions for that materialization.
    public static let assets = DagsterQuery(name: "VigilAssets", text: """
        query VigilAssets {
          assetNodes {
            assetKey { path }
            opNames
            jobNames
            dependencyKeys { path }
            owners { __typename ... on TeamAssetOwner { team } ... on UserAssetOwner { email } }
            metadataEntries {
              label
              __typename
              ... on TextMetadataEntry { text }
              ... on UrlMetadataEntry { url }
              ... on PathMetadataEntry { path }
            }
            internalFreshnessPolicy { __typename ... on TimeWindowFreshnessPolicy { failWindowSeconds warnWindowSeconds } }
            assetMaterializations(limit: 1) { runId timestamp }
            assetChecksOrError {
              __typename
              ... on AssetChecks {
                checks {
                  name
                  executionForLatestMaterialization {
                    runId
                    status
                    timestamp
                    evaluation { success severity description timestamp }
                  }
                }
              }
            }
          }
        }
        """)

    public static let all: [DagsterQuery] = [.workspace, .runs, .stepFailures, .assets]
}
