import Foundation

/// `GET /metrics` of `vigil serve`: a snapshot as Prometheus text exposition format 0.0.4. Pure: the figures are the
/// snapshot's own (its lags and states at `snapshot.now`, the SLO reports the store attached, each pipeline's health,
/// each source's last pass), the same ones `vigil status` prints; nothing is computed a second way.
///
/// Conventions (Prometheus naming practice, as in README's "Prometheus metrics"): the `vigil_` prefix, base units in
/// the name (`_seconds`, `_ratio`, `_timestamp_seconds`), `# HELP` and `# TYPE` on every family, states as one series
/// per state valued 1 or 0 (exactly one is 1). A figure that is not known (a dataset never loaded has no lag, an SLO
/// with nothing observed has no attainment) has no series rather than a made-up value.
///
/// Cardinality: per-dataset series are written while the platform has at most `maxDatasets` datasets. Beyond that the
/// same families carry only a `tier` label with the tier's worst value (largest lag and burn rate, smallest
/// attainment, budget left and pass rate), the per-dataset-only families are left out, and
/// `vigil_metrics_datasets_aggregated` is 1. Counts by tier and state (`vigil_datasets`) are always there.
public enum MetricsExposition {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    public static let defaultMaxDatasets = 5_000
    /// Label values longer than this (after cleaning) are cut: a label is a name, not a document.
    static let labelLimit = 512

    public static func render(_ s: PlatformSnapshot, maxDatasets: Int = defaultMaxDatasets) -> String {
        var out = Writer()
        out.reserve(datasets: s.datasets.count, pipelines: s.pipelines.count)
        let aggregated = s.datasets.count > maxDatasets
        out.family("vigil_snapshot_timestamp_seconds", .gauge,
                   "Unix time the figures are judged at (the store's clock: simulated time in a demo).")
        out.sample("vigil_snapshot_timestamp_seconds", "", s.now.timeIntervalSince1970)
        out.family("vigil_metrics_datasets_limit", .gauge,
                   "serve.metrics.max_datasets: above this many datasets, per-dataset series are aggregated by tier.")
        out.sample("vigil_metrics_datasets_limit", "", Double(maxDatasets))
        out.family("vigil_metrics_datasets_aggregated", .gauge,
                   "1 when per-dataset families carry only a tier label (the tier's worst value), else 0.")
        out.sample("vigil_metrics_datasets_aggregated", "", aggregated ? 1 : 0)
        datasets(s, aggregated: aggregated, into: &out)
        pipelines(s, into: &out)
        sources(s, into: &out)
        incidents(s, into: &out)
        notifyTargets(s, into: &out)
        return out.text
    }

    // MARK: Datasets

    /// One dataset's rendered labels and figures, taken from its summary once for every family (plain values: the
    /// families walk 20,000 rows a dozen times, and copying summaries around cost more than the rest).
    struct DatasetRow {
        var labels: String
        var tier: Int
        var lag: TimeInterval?
        var state: FreshnessState
        var lastLoaded: Double?
        var errorAfter: Double
        var target: Double?
        var window: Double?
        var attainment: Double?
        var budget: Double?
        /// In `BurnWindow.allCases` order.
        var burn: [Double?]
        var pass24h: Double?
        var pass7d: Double?

        init(labels: String, _ d: DatasetSummary, now: Date) {
            self.labels = labels
            tier = d.dataset.tier
            lag = d.lag(now: now)
            state = d.state(now: now)
            lastLoaded = d.lastLoadedAt?.timeIntervalSince1970
            errorAfter = d.dataset.policy.errorAfter
            target = d.slo?.objective.target
            window = d.slo?.objective.window
            attainment = d.slo?.attainment
            budget = d.slo?.budgetRemainingRatio
            burn = BurnWindow.allCases.map { d.slo?.burnRates[$0] }
            pass24h = d.quality?.passRate24h
            pass7d = d.quality?.passRate7d
        }
    }

    /// How a per-dataset figure becomes a tier's when aggregated (nil: per-dataset only).
    enum Worst { case largest, smallest }

    static func datasets(_ s: PlatformSnapshot, aggregated: Bool, into out: inout Writer) {
        var seen = Set<String>()
        var rows: [DatasetRow] = []
        rows.reserveCapacity(s.datasets.count)
        // By index, each summary read where it is stored (a `for d in` copies every one, retaining its fields).
        for i in s.datasets.indices {
            // Aggregated, no series names a dataset: its labels are not needed.
            let labels = aggregated ? "" : "dataset=\"\(label(s.datasets[i].dataset.name))\",tier=\"\(s.datasets[i].dataset.tier)\""
            // Two names that differ only in what cleaning removes would be one series twice: the first is kept.
            guard aggregated || seen.insert(labels).inserted else { continue }
            rows.append(DatasetRow(labels: labels, s.datasets[i], now: s.now))
        }
        let tiers = Set(rows.map(\.tier)).sorted()

        out.family("vigil_datasets", .gauge, "Datasets by tier and freshness state (fresh, warn, error, unknown).")
        var counts: [Int: [FreshnessState: Int]] = [:]
        for r in rows { counts[r.tier, default: [:]][r.state, default: 0] += 1 }
        for tier in tiers {
            for state in FreshnessState.allCases {
                out.sample("vigil_datasets", "tier=\"\(tier)\",state=\"\(state.rawValue)\"", Double(counts[tier]?[state] ?? 0))
            }
        }

        // Per dataset, or the tier's worst value when aggregated.
        func gauge(_ name: String, worst: Worst?, extra: String = "",
                   _ value: (DatasetRow) -> Double?) {
            if aggregated {
                guard let worst else { return }
                var byTier: [Int: Double] = [:]
                for r in rows {
                    guard let v = value(r), !v.isNaN else { continue }
                    let current = byTier[r.tier]
                    switch worst {
                    case .largest: byTier[r.tier] = max(current ?? v, v)
                    case .smallest: byTier[r.tier] = min(current ?? v, v)
                    }
                }
                for tier in tiers {
                    if let v = byTier[tier] { out.sample(name, "tier=\"\(tier)\"" + extra, v) }
                }
            } else {
                for r in rows {
                    if let v = value(r) { out.sample(name, r.labels + extra, v) }
                }
            }
        }
        let per = aggregated ? " (aggregated: the tier's largest)" : ""
        let least = aggregated ? " (aggregated: the tier's smallest)" : ""

        out.family("vigil_dataset_freshness_lag_seconds", .gauge,
                   "Seconds since the dataset's newest load, at the snapshot's time\(per); none when it never loaded.")
        gauge("vigil_dataset_freshness_lag_seconds", worst: .largest) { $0.lag }
        if !aggregated {
            out.family("vigil_dataset_last_update_timestamp_seconds", .gauge,
                       "Unix time of the dataset's newest load seen by a collector.")
            gauge("vigil_dataset_last_update_timestamp_seconds", worst: nil) { $0.lastLoaded }
            out.family("vigil_dataset_freshness_objective_seconds", .gauge,
                       "The dataset's error_after: a lag above it is state error and spends SLO budget.")
            gauge("vigil_dataset_freshness_objective_seconds", worst: nil) { $0.errorAfter }
            out.family("vigil_dataset_freshness_state", .gauge,
                       "Freshness state of the dataset: one series per state, the current one 1, the others 0.")
            for r in rows {
                for state in FreshnessState.allCases {
                    out.sample("vigil_dataset_freshness_state", r.labels + ",state=\"\(state.rawValue)\"", r.state == state ? 1 : 0)
                }
            }
            out.family("vigil_slo_objective_ratio", .gauge, "Target share of the SLO window the dataset must be fresh (0-1).")
            gauge("vigil_slo_objective_ratio", worst: nil) { $0.target }
            out.family("vigil_slo_window_seconds", .gauge, "Length of the dataset's rolling SLO window.")
            gauge("vigil_slo_window_seconds", worst: nil) { $0.window }
        }
        out.family("vigil_slo_attainment_ratio", .gauge,
                   "Share of the measured SLO window the dataset was fresh or warn (0-1)\(least).")
        gauge("vigil_slo_attainment_ratio", worst: .smallest) { $0.attainment }
        out.family("vigil_slo_error_budget_remaining_ratio", .gauge,
                   "Error budget left over the SLO window: 1 untouched, 0 spent, negative overspent\(least).")
        gauge("vigil_slo_error_budget_remaining_ratio", worst: .smallest) { $0.budget }
        out.family("vigil_slo_burn_rate_ratio", .gauge,
                   "Error budget burn rate over the look-back window (1 spends the budget exactly by the window's end)\(per).")
        for (i, w) in BurnWindow.allCases.enumerated() {
            gauge("vigil_slo_burn_rate_ratio", worst: .largest, extra: ",window=\"\(w.rawValue)\"") { $0.burn[i] }
        }
        out.family("vigil_dataset_quality_pass_ratio", .gauge,
                   "Share of the dataset's check results that passed over the window (24h, 7d)\(least); none without results.")
        gauge("vigil_dataset_quality_pass_ratio", worst: .smallest, extra: ",window=\"24h\"") { $0.pass24h }
        gauge("vigil_dataset_quality_pass_ratio", worst: .smallest, extra: ",window=\"7d\"") { $0.pass7d }
    }

    // MARK: Pipelines, sources, incidents

    static func pipelines(_ s: PlatformSnapshot, into out: inout Writer) {
        var seen = Set<String>()
        var rows: [(labels: String, summary: PipelineSummary)] = []
        for p in s.pipelines {
            let labels = "source=\"\(label(p.pipeline.source))\",pipeline=\"\(label(p.pipeline.pipelineID))\""
            if seen.insert(labels).inserted { rows.append((labels, p)) }
        }
        out.family("vigil_pipeline_state", .gauge,
                   "Health of the pipeline (failing, late, running, healthy, paused, unknown): one series per state, the current one 1.")
        for r in rows {
            let health = r.summary.health(now: s.now)
            for state in PipelineHealth.allCases {
                out.sample("vigil_pipeline_state", r.labels + ",state=\"\(state.rawValue)\"", health == state ? 1 : 0)
            }
        }
        out.family("vigil_pipeline_last_success_timestamp_seconds", .gauge,
                   "Unix time the pipeline's newest successful run among its recent runs ended; none without one.")
        for r in rows {
            if let run = r.summary.recentRuns.first(where: { $0.state == .success }), let end = run.endedAt ?? run.startedAt {
                out.sample("vigil_pipeline_last_success_timestamp_seconds", r.labels, end.timeIntervalSince1970)
            }
        }
    }

    static func sources(_ s: PlatformSnapshot, into out: inout Writer) {
        var seen = Set<String>()
        var rows: [(labels: String, status: SourceStatus)] = []
        for source in s.sources {
            let labels = "source=\"\(label(source.name))\",kind=\"\(source.kind.rawValue)\""
            if seen.insert(labels).inserted { rows.append((labels, source)) }
        }
        out.family("vigil_source_up", .gauge,
                   "1 when the source's last pass succeeded (health ok or degraded), 0 when it failed or never ran.")
        for r in rows {
            out.sample("vigil_source_up", r.labels, r.status.health == .ok || r.status.health == .degraded ? 1 : 0)
        }
        out.family("vigil_source_state", .gauge,
                   "Health of the source's collector (ok, degraded, down, unknown): one series per state, the current one 1.")
        for r in rows {
            for state in SourceHealth.allCases {
                out.sample("vigil_source_state", r.labels + ",state=\"\(state.rawValue)\"", r.status.health == state ? 1 : 0)
            }
        }
        out.family("vigil_source_last_pass_duration_seconds", .gauge,
                   "How long the collector's last pass over the source took; none before one was measured.")
        for r in rows {
            if let seconds = r.status.lastPassSeconds { out.sample("vigil_source_last_pass_duration_seconds", r.labels, seconds) }
        }
        out.family("vigil_source_last_success_timestamp_seconds", .gauge,
                   "Unix time of the source's last successful pass; none before one.")
        for r in rows {
            if let at = r.status.lastSuccessAt {
                out.sample("vigil_source_last_success_timestamp_seconds", r.labels, at.timeIntervalSince1970)
            }
        }
    }

    /// Whether Vigil can page: alert on `vigil_notify_target_up == 0` from Prometheus, outside Vigil.
    static func notifyTargets(_ s: PlatformSnapshot, into out: inout Writer) {
        let rows = s.notifyTargets.map { ("target=\"\(label($0.name))\",kind=\"\(label($0.kind))\"", $0) }
        out.family("vigil_notify_target_up", .gauge,
                   "1 when the notify target took the last delivery, 0 when it failed; none before anything was sent.")
        for (labels, t) in rows where t.health != .unknown { out.sample("vigil_notify_target_up", labels, t.health == .ok ? 1 : 0) }
        out.family("vigil_notify_target_consecutive_failures", .gauge,
                   "Deliveries to the notify target that failed in a row (0 after a success).")
        for (labels, t) in rows { out.sample("vigil_notify_target_consecutive_failures", labels, Double(t.consecutiveFailures)) }
        out.family("vigil_notify_target_last_success_timestamp_seconds", .gauge,
                   "Unix time of the notify target's last successful delivery; none before one.")
        for (labels, t) in rows {
            if let at = t.lastSuccessAt { out.sample("vigil_notify_target_last_success_timestamp_seconds", labels, at.timeIntervalSince1970) }
        }
    }

    static func incidents(_ s: PlatformSnapshot, into out: inout Writer) {
        var open: [String: Int] = [:]
        var unknownKind = false
        for i in s.incidents where i.incident.state.isOpen {
            let kind = i.incident.kind?.rawValue ?? "unknown"
            if i.incident.kind == nil { unknownKind = true }
            open["\(i.incident.severity.rawValue) \(kind)", default: 0] += 1
        }
        let kinds = IncidentKind.allCases.map(\.rawValue) + (unknownKind ? ["unknown"] : [])
        out.family("vigil_incidents_open", .gauge,
                   "Incidents not resolved, by severity (sev1 worst) and kind (freshness, pipeline, data_correctness).")
        for severity in Severity.allCases {
            for kind in kinds {
                out.sample("vigil_incidents_open", "severity=\"\(severity.label.lowercased())\",kind=\"\(kind)\"",
                           Double(open["\(severity.rawValue) \(kind)"] ?? 0))
            }
        }
    }

    // MARK: Text

    /// A label value: untrusted text through the one sanitizer (no controls, escapes, bidi or invisible characters, one
    /// line), then escaped as the format says (`\` as `\\`, `"` as `\"`, a line feed as `\n`).
    public static func label(_ raw: String) -> String {
        let clean = TextSanitizer.isClean(raw) && raw.utf8.count <= labelLimit ? raw : TextSanitizer.collapsed(raw, limit: labelLimit)
        guard clean.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == 0x0A }) else { return clean }
        var out = ""
        out.reserveCapacity(clean.utf8.count + 8)
        for ch in clean.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A sample value as the format reads it (Go's ParseFloat): shortest round-trip decimal, `NaN`, `+Inf`, `-Inf`.
    public static func value(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    enum FamilyType: String { case gauge, counter }

    struct Writer {
        var text = ""

        mutating func reserve(datasets: Int, pipelines: Int) {
            // About 1.2 kB of lines a dataset (states, SLO figures, burn rates), 450 bytes a pipeline.
            text.reserveCapacity(4_096 + datasets * 1_200 + pipelines * 450)
        }

        mutating func family(_ name: String, _ type: FamilyType, _ help: String) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type.rawValue)\n"
        }

        /// Appended piece by piece: no intermediate strings (a 20,000-dataset scrape writes about 400,000 lines).
        mutating func sample(_ name: String, _ labels: String, _ v: Double) {
            text.append(name)
            if !labels.isEmpty {
                text.append("{")
                text.append(labels)
                text.append("}")
            }
            text.append(" ")
            text.append(MetricsExposition.value(v))
            text.append("\n")
        }
    }
}
