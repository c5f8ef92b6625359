/// What an incident touches, as far as runbook selectors are concerned.
public struct RunbookScope: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        /// A dataset name, or a pipeline id (without its source).
        public var name: String
        /// The source a pipeline belongs to ("airflow-prod"); nil for datasets.
        public var source: String?
        public var tier: Int?
        public var tags: [String]

        public init(name: String, source: String? = nil, tier: Int? = nil, tags: [String] = []) {
            self.name = name
            self.source = source
            self.tier = tier
            self.tags = tags
        }
    }

    public var datasets: [Item]
    public var pipelines: [Item]

    public init(datasets: [Item] = [], pipelines: [Item] = []) {
        self.datasets = datasets
        self.pipelines = pipelines
    }

    /// An incident's affected datasets and pipelines ("source/pipeline_id"), with tiers looked up in the catalog.
    public init(incident: Incident, datasets known: [Dataset], pipelines knownPipelines: [Pipeline]) {
        let tiers = Dictionary(known.map { ($0.name, $0.tier) }, uniquingKeysWith: { a, _ in a })
        let pipelineTiers = Dictionary(knownPipelines.map { ($0.id, $0.tier) }, uniquingKeysWith: { a, _ in a })
        datasets = incident.affectedDatasets.map { Item(name: $0, tier: tiers[$0]) }
        pipelines = incident.affectedPipelines.map { ref in
            let parts = ref.split(separator: "/", maxSplits: 1).map(String.init)
            let item = parts.count == 2 ? Item(name: parts[1], source: parts[0]) : Item(name: ref)
            return Item(name: item.name, source: item.source, tier: pipelineTiers[ref] ?? nil)
        }
    }
}

/// A runbook that applies, and why.
public struct RunbookMatch: Sendable, Equatable {
    public var runbook: Runbook
    /// The selectors that matched, most specific first.
    public var matched: [RunbookSelector]
    public var specificity: Int
}

/// Which runbooks apply to an incident, most specific first.
///
/// A runbook applies when any of its selectors matches (a runbook without selectors never applies: it is
/// attached by hand). A selector's specificity, highest first:
///   1. a dataset or pipeline named exactly (no wildcard);
///   2. a dataset or pipeline glob, more fixed characters first (`raw.cust*` before `raw.*`);
///   3. a tag;
///   4. a tier;
///   5. a glob of wildcards only (`*`), which matches anything.
/// A runbook ranks by its most specific matching selector; ties go to more matching selectors, then to the id.
public enum RunbookMatcher {
    public static func matches(_ runbooks: [Runbook], scope: RunbookScope) -> [RunbookMatch] {
        runbooks.compactMap { runbook -> RunbookMatch? in
            let matched = runbook.appliesTo.filter { selects($0, scope) }
                .sorted { specificity($0) > specificity($1) }
            guard let best = matched.first else { return nil }
            return RunbookMatch(runbook: runbook, matched: matched, specificity: specificity(best))
        }
        .sorted { a, b in
            if a.specificity != b.specificity { return a.specificity > b.specificity }
            if a.matched.count != b.matched.count { return a.matched.count > b.matched.count }
            return a.runbook.id < b.runbook.id
        }
    }

    public static func applicable(_ runbooks: [Runbook], scope: RunbookScope) -> [Runbook] {
        matches(runbooks, scope: scope).map(\.runbook)
    }

    /// Whether one selector matches anything in the scope. A pattern that is not a valid glob matches nothing.
    public static func selects(_ selector: RunbookSelector, _ scope: RunbookScope) -> Bool {
        switch selector {
        case .dataset(let pattern):
            guard let glob = try? Glob(pattern) else { return false }
            return scope.datasets.contains { glob.matches($0.name) }
        case .pipeline(let pattern):
            guard let glob = try? Glob(pattern) else { return false }
            // Either "customer_sync" or "airflow-prod/customer_sync" names the pipeline.
            return scope.pipelines.contains { item in
                glob.matches(item.name) || item.source.map { glob.matches("\($0)/\(item.name)") } ?? false
            }
        case .tier(let tier):
            return (scope.datasets + scope.pipelines).contains { $0.tier == tier }
        case .tag(let pattern):
            guard let glob = try? Glob(pattern) else { return false }
            return (scope.datasets + scope.pipelines).contains { $0.tags.contains(where: glob.matches) }
        }
    }

    /// Higher is narrower; see the type's comment for the order.
    public static func specificity(_ selector: RunbookSelector) -> Int {
        switch selector {
        case .dataset(let pattern), .pipeline(let pattern):
            guard let glob = try? Glob(pattern) else { return 0 }
            if !glob.hasWildcards { return 3000 }
            if glob.literalCount == 0 { return 0 }
            return 1000 + min(glob.literalCount, 999)
        case .tag: return 500
        case .tier: return 100
        }
    }
}
