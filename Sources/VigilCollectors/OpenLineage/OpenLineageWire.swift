import Foundation

/// OpenLineage events as sent (spec 2-0-2; captures of openlineage-python 1.54 and dbt-ol 1.54 in
/// Tests/VigilCollectorsTests/Fixtures/openlineage). Every field is optional here so that `OpenLineageEvent.decode`
/// can name what is missing; only the facets Vigil reads are decoded, the rest are ignored (facets are open-ended).
enum OpenLineageWire {
    struct Event: Decodable {
        var eventTime: String?
        var producer: String?
        var schemaURL: String?
        var eventType: String?
        var run: Run?
        var job: Job?
        var inputs: [InputDataset]?
        var outputs: [OutputDataset]?
        /// A DatasetEvent's one dataset.
        var dataset: Dataset?
    }

    struct Run: Decodable {
        var runId: String?
        var facets: RunFacets?
    }

    struct RunFacets: Decodable {
        var parent: ParentRun?
        /// The old Airflow integration's name for `parent` (Marquez accepts both).
        var parentRun: ParentRun?
        var errorMessage: ErrorMessage?
        var nominalTime: NominalTime?
    }

    struct ParentRun: Decodable {
        var run: RunReference?
        var job: JobReference?
        /// The run at the top (ParentRunFacet 1-1-0 on): the DAG run above a task, the `dbt-run-…` above a dbt
        /// node and above that node's SQL jobs.
        var root: RootRun?
    }

    struct RootRun: Decodable {
        var run: RunReference?
        var job: JobReference?
    }

    struct RunReference: Decodable {
        var runId: String?
    }

    struct JobReference: Decodable {
        var namespace: String?
        var name: String?
    }

    struct ErrorMessage: Decodable {
        var message: String?
    }

    struct NominalTime: Decodable {
        var nominalStartTime: String?
    }

    struct Job: Decodable {
        var namespace: String?
        var name: String?
    }

    struct Dataset: Decodable {
        var namespace: String?
        var name: String?
    }

    struct InputDataset: Decodable {
        var namespace: String?
        var name: String?
        var facets: InputFacets?
        var inputFacets: InputFacets?
    }

    /// dbt-ol puts `dataQualityAssertions` in `facets` (live mode) or in both `facets` and `inputFacets`.
    struct InputFacets: Decodable {
        var dataQualityAssertions: Assertions?
    }

    struct Assertions: Decodable {
        var assertions: [Assertion]?
    }

    struct Assertion: Decodable {
        var assertion: String?
        var success: Bool?
        var column: String?
        var severity: String?
        var name: String?
        var actual: String?
        var expected: String?
    }

    struct OutputDataset: Decodable {
        var namespace: String?
        var name: String?
        var outputFacets: OutputFacets?
    }

    struct OutputFacets: Decodable {
        var outputStatistics: OutputStatistics?
    }

    struct OutputStatistics: Decodable {
        var rowCount: Int?
    }
}
