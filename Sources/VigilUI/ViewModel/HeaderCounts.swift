import VigilCore

/// The header's figures: pipelines and datasets by state, datasets paging on their burn rate, open incidents.
struct HeaderCounts: Sendable {
    var health: [PipelineHealth: Int]
    var freshness: [FreshnessState: Int]
    var pages: Int
    var openIncidents: Int

    init(_ snapshot: PlatformSnapshot) {
        health = HealthViewModel.counts(snapshot)
        freshness = FreshnessViewModel.counts(snapshot)
        pages = FreshnessViewModel.pageCount(snapshot)
        openIncidents = IncidentViewModel.openCount(snapshot)
    }
}
