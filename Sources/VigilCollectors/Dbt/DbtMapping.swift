import Foundation
import VigilCore

/// Everything one read of a dbt target directory says, as Vigil's domain values.
public struct DbtBatch: Sendable, Equatable {
    public var pipeline: Pipeline
    public var datasets: [Dataset]
    /// dataset -> dataset from depends_on, and pipeline -> dataset for everything the project builds.
    public var lineage: [LineageEdge]
    /// project -> model edges and the unique_id of the node that builds the model (kept as what produces it).
    public var producerNodes: [LineageEdge: String]
    public var run: PipelineRun
    public var taskInstances: [TaskInstance]
    /// One per model, seed or snapshot the run built successfully: its data is as new as that build.
    public var buildSamples: [FreshnessSample]
    /// One per source table checked by `dbt source freshness` (none for runtime errors).
    public var sourceSamples: [FreshnessSample]
    /// One per test result of this invocation and dataset it tests (none for skipped tests).
    public var checks: [DataCheck]
    /// The ids (`DataCheck.id`) of every test the manifest defines: the checks this source still reports.
    public var definedChecks: Set<String>
}

/// Pure mapping from dbt artifacts to Vigil's domain. Decisions, in one place:
/// - one Pipeline per dbt project (pipelineID = manifest metadata.project_name), one PipelineRun per invocation
///   (runID = invocation_id, runType = args.which), one TaskInstance per node result;
/// - datasets are named "schema.relation" (alias for models, identifier for sources), like warehouse tables; with the
///   warehouse dbt builds into, their identity is `postgres://host:port` + `{database}.{schema}.{relation}`;
/// - tier comes from meta.tier, else a "tier:N" tag, else 3;
/// - sources take their warn_after / error_after; models, seeds and snapshots (dbt gives them no such thresholds)
///   get `defaultPolicy` and a freshness sample each time they build successfully, so "not rebuilt for a day" shows;
/// - a warn result is a success whose errorMessage starts with "warn: " and carries dbt's message and failure count;
/// - each test result is also a DataCheck on the dataset it tests; only models, seeds and snapshots decide the run's
///   state (a failing test means wrong data, not a failed run).
public enum DbtMapping {
    /// For datasets dbt gives no thresholds: a daily project that missed a day warns, two days is an error.
    public static let defaultPolicy = FreshnessPolicy(warnAfter: 24 * 3600, errorAfter: 48 * 3600)
    public static let defaultTier = 3

    /// `warehouse`: where the project's relations live (the postgres source dbt builds into), for their identity.
    public static func batch(manifest: DbtManifest, runResults: DbtRunResults, sources: DbtSourcesResults?,
                             source: String, warehouse: PostgresLocation? = nil) -> DbtBatch {
        let project = DbtProject(manifest: manifest, fallbackName: source)
        return DbtBatch(
            pipeline: pipeline(project, source: source),
            datasets: datasets(project, source: source, warehouse: warehouse),
            lineage: lineage(project, source: source),
            producerNodes: producerNodes(project, source: source),
            run: run(runResults, project: project, source: source),
            taskInstances: taskInstances(runResults, project: project, source: source),
            buildSamples: buildSamples(runResults, project: project),
            sourceSamples: sources.map { sourceSamples($0, project: project) } ?? [],
            checks: checks(runResults, project: project, source: source),
            definedChecks: definedChecks(project))
    }
}
