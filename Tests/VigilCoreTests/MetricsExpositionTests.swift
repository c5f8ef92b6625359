import Foundation
import Testing
@testable import VigilCore

/// `/metrics`' text: exact lines for a small platform, the format's rules (HELP and TYPE first, escaping, values),
/// and the tier aggregation above `max_datasets`.
@Suite struct MetricsExpositionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func ago(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(-seconds) }

    /// A dataset loaded `lag` seconds ago (nil: never), warn after 1 h, error after 2 h, with the SLO report of the
    /// given history (in error for the last `badFor` seconds of a fresh day).
    func dataset(_ name: String, tier: Int, lag: TimeInterval?, badFor: TimeInterval = 0,
                 quality: DatasetQuality? = nil) -> DatasetSummary {
        let d = Dataset(name: name, tier: tier, policy: FreshnessPolicy(warnAfter: 3_600, errorAfter: 7_200), source: "wh")
        var intervals = [FreshnessInterval(start: ago(86_400), end: ago(badFor), state: .fresh)]
        if badFor > 0 { intervals.append(FreshnessInterval(start: ago(badFor), end: now, state: .error)) }
        let objective = FreshnessObjective(target: 0.99, window: 86_400)
        var s = DatasetSummary(dataset: d, lastLoadedAt: lag.map(ago), lastObservedAt: now,
                               slo: .compute(intervals, objective: objective, now: now))
        s.quality = quality
        return s
    }

    var platform: PlatformSnapshot {
        let pipeline = Pipeline(source: "airflow-prod", pipelineID: "daily_revenue")
        let runs = [
            PipelineRun(source: "airflow-prod", pipelineID: "daily_revenue", runID: "r2", state: .failed, startedAt: ago(600), endedAt: ago(300)),
            PipelineRun(source: "airflow-prod", pipelineID: "daily_revenue", runID: "r1", state: .success, startedAt: ago(90_000), endedAt: ago(86_400)),
        ]
        let incidents = [
            IncidentSummary(incident: Incident(id: "INC-1", title: "stale", severity: .sev1, openedAt: ago(60), kind: .pipeline),
                            timeline: [], stepProgress: []),
            IncidentSummary(incident: Incident(id: "INC-2", title: "old", severity: .sev1, state: .resolved, openedAt: ago(9_000),
                                               resolvedAt: ago(8_000), kind: .pipeline), timeline: [], stepProgress: []),
        ]
        return PlatformSnapshot(
            now: now,
            sources: [SourceStatus(name: "airflow-prod", kind: .airflow, health: .ok, lastSuccessAt: ago(30), lastPassSeconds: 1.25),
                      SourceStatus(name: "warehouse", kind: .postgres, health: .down)],
            pipelines: [PipelineSummary(pipeline: pipeline, recentRuns: runs)],
            datasets: [dataset("analytics.fct_revenue", tier: 1, lag: 9_000, badFor: 1_800,
                               quality: DatasetQuality(checks: [], passRate24h: 0.75, passRate7d: 0.9)),
                       dataset("raw.orders", tier: 2, lag: nil)],
            incidents: incidents)
    }

    func lines(_ text: String, _ family: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(family + "{") || $0.hasPrefix(family + " ") }
    }

    @Test func datasetLinesAreTheSnapshotsOwnFigures() throws {
        let text = MetricsExposition.render(platform)
        let revenue = "dataset=\"analytics.fct_revenue\",tier=\"1\""
        #expect(lines(text, "vigil_dataset_freshness_lag_seconds") == ["vigil_dataset_freshness_lag_seconds{\(revenue)} 9000"])
        #expect(lines(text, "vigil_dataset_last_update_timestamp_seconds")
                == ["vigil_dataset_last_update_timestamp_seconds{\(revenue)} 1799991000"])
        #expect(lines(text, "vigil_dataset_freshness_objective_seconds").first == "vigil_dataset_freshness_objective_seconds{\(revenue)} 7200")
        #expect(lines(text, "vigil_dataset_freshness_state") == [
            "vigil_dataset_freshness_state{\(revenue),state=\"fresh\"} 0",
            "vigil_dataset_freshness_state{\(revenue),state=\"warn\"} 0",
            "vigil_dataset_freshness_state{\(revenue),state=\"error\"} 1",
            "vigil_dataset_freshness_state{\(revenue),state=\"unknown\"} 0",
            "vigil_dataset_freshness_state{dataset=\"raw.orders\",tier=\"2\",state=\"fresh\"} 0",
            "vigil_dataset_freshness_state{dataset=\"raw.orders\",tier=\"2\",state=\"warn\"} 0",
            "vigil_dataset_freshness_state{dataset=\"raw.orders\",tier=\"2\",state=\"error\"} 0",
            "vigil_dataset_freshness_state{dataset=\"raw.orders\",tier=\"2\",state=\"unknown\"} 1",
        ])
        // The SLO figures are the report's: half an hour bad in a fresh day, 1% budget of a day (864 s).
        let report = try #require(platform.datasets[0].slo)
        #expect(lines(text, "vigil_slo_attainment_ratio").first
                == "vigil_slo_attainment_ratio{\(revenue)} \(MetricsExposition.value(try #require(report.attainment)))")
        #expect(lines(text, "vigil_slo_error_budget_remaining_ratio").first
                == "vigil_slo_error_budget_remaining_ratio{\(revenue)} \(MetricsExposition.value(try #require(report.budgetRemainingRatio)))")
        #expect(try #require(report.budgetRemainingRatio) < 0)
        #expect(lines(text, "vigil_slo_burn_rate_ratio").contains(
            "vigil_slo_burn_rate_ratio{\(revenue),window=\"5m\"} \(MetricsExposition.value(try #require(report.burnRates[.m5])))"))
        #expect(lines(text, "vigil_slo_burn_rate_ratio").filter { $0.contains(revenue) }.count == BurnWindow.allCases.count)
        #expect(lines(text, "vigil_slo_objective_ratio").first == "vigil_slo_objective_ratio{\(revenue)} 0.99")
        #expect(lines(text, "vigil_dataset_quality_pass_ratio") == [
            "vigil_dataset_quality_pass_ratio{\(revenue),window=\"24h\"} 0.75",
            "vigil_dataset_quality_pass_ratio{\(revenue),window=\"7d\"} 0.9",
        ])
        // Never loaded: no lag, no load time (rather than a made-up 0).
        #expect(!lines(text, "vigil_dataset_freshness_lag_seconds").contains { $0.contains("raw.orders") })
        #expect(lines(text, "vigil_datasets").contains("vigil_datasets{tier=\"1\",state=\"error\"} 1"))
        #expect(lines(text, "vigil_datasets").contains("vigil_datasets{tier=\"2\",state=\"unknown\"} 1"))
        #expect(lines(text, "vigil_metrics_datasets_aggregated") == ["vigil_metrics_datasets_aggregated 0"])
    }

    @Test func pipelinesSourcesAndIncidents() {
        let text = MetricsExposition.render(platform)
        let p = "source=\"airflow-prod\",pipeline=\"daily_revenue\""
        #expect(lines(text, "vigil_pipeline_state") == PipelineHealth.allCases.map {
            "vigil_pipeline_state{\(p),state=\"\($0.rawValue)\"} \($0 == .failing ? 1 : 0)"
        })
        #expect(lines(text, "vigil_pipeline_last_success_timestamp_seconds")
                == ["vigil_pipeline_last_success_timestamp_seconds{\(p)} 1799913600"])
        #expect(lines(text, "vigil_source_up") == [
            "vigil_source_up{source=\"airflow-prod\",kind=\"airflow\"} 1",
            "vigil_source_up{source=\"warehouse\",kind=\"postgres\"} 0",
        ])
        #expect(lines(text, "vigil_source_last_pass_duration_seconds")
                == ["vigil_source_last_pass_duration_seconds{source=\"airflow-prod\",kind=\"airflow\"} 1.25"])
        #expect(lines(text, "vigil_source_state").contains("vigil_source_state{source=\"warehouse\",kind=\"postgres\",state=\"down\"} 1"))
        // Open only (the resolved one is not counted); every severity and kind is there, zeros included.
        let open = lines(text, "vigil_incidents_open")
        #expect(open.count == Severity.allCases.count * IncidentKind.allCases.count)
        #expect(open.contains("vigil_incidents_open{severity=\"sev1\",kind=\"pipeline\"} 1"))
        #expect(open.filter { !$0.hasSuffix(" 0") } == ["vigil_incidents_open{severity=\"sev1\",kind=\"pipeline\"} 1"])
    }

    /// Whether Vigil can page, for an alert outside Vigil: up only once something was sent.
    @Test func notifyTargets() {
        var snapshot = platform
        snapshot.notifyTargets = [
            NotifyTargetStatus(name: "alertmanager", kind: "alertmanager", health: .ok, lastSuccessAt: ago(60)),
            NotifyTargetStatus(name: "chat", kind: "webhook", health: .down, lastError: "HTTP 503", consecutiveFailures: 3),
            NotifyTargetStatus(name: "spare", kind: "webhook"),
        ]
        let text = MetricsExposition.render(snapshot)
        #expect(lines(text, "vigil_notify_target_up") == [
            "vigil_notify_target_up{target=\"alertmanager\",kind=\"alertmanager\"} 1",
            "vigil_notify_target_up{target=\"chat\",kind=\"webhook\"} 0",
        ])
        #expect(lines(text, "vigil_notify_target_consecutive_failures").contains(
            "vigil_notify_target_consecutive_failures{target=\"chat\",kind=\"webhook\"} 3"))
        #expect(lines(text, "vigil_notify_target_last_success_timestamp_seconds")
                == ["vigil_notify_target_last_success_timestamp_seconds{target=\"alertmanager\",kind=\"alertmanager\"} 1799999940"])
        #expect(lines(MetricsExposition.render(platform), "vigil_notify_target_up").isEmpty)
    }

    /// Every family declared once, HELP then TYPE, before its samples; names within the conventions.
    @Test func everyFamilyHasHelpAndTypeFirst() {
        let text = MetricsExposition.render(platform)
        var declared: [String] = []
        var current: String?
        var lastHelp: String?
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("# HELP ") {
                let name = String(line.dropFirst(7).prefix { $0 != " " })
                #expect(!declared.contains(name), "\(name) declared twice")
                lastHelp = name
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                #expect(parts.count == 4 && String(parts[2]) == lastHelp && ["gauge", "counter"].contains(parts[3]))
                declared.append(String(parts[2]))
                current = String(parts[2])
            } else {
                let name = String(line.prefix { $0 != "{" && $0 != " " })
                #expect(name == current, "sample \(line) outside its family")
                #expect(!name.contains(":"), "colons are for recording rules: \(line)")
            }
        }
        #expect(declared.allSatisfy { $0.hasPrefix("vigil_") })
        #expect(text.hasSuffix("\n"))
    }

    @Test func labelValuesAreCleanedThenEscaped() {
        // A quote and a backslash survive, escaped; an escape sequence (all of it), a bidi override and a newline do not.
        #expect(MetricsExposition.label("a\"b\\c") == "a\\\"b\\\\c")
        #expect(MetricsExposition.label("evil\u{1B}[2Jname\u{202E}x\ny") == "evilnamex y")
        #expect(MetricsExposition.label(String(repeating: "x", count: 2_000)).count == MetricsExposition.labelLimit)
        var s = platform
        s.datasets[0].dataset.name = "q\"uo\\te\nline"
        let text = MetricsExposition.render(s)
        #expect(lines(text, "vigil_dataset_freshness_lag_seconds") == ["vigil_dataset_freshness_lag_seconds{dataset=\"q\\\"uo\\\\te line\",tier=\"1\"} 9000"])
        // Two names that clean to the same label are one series, not a duplicate.
        s.datasets[1].dataset.name = "q\"uo\\te\u{200B}\nline"
        s.datasets[1].dataset.tier = 1
        #expect(lines(MetricsExposition.render(s), "vigil_dataset_freshness_state").count == FreshnessState.allCases.count)
    }

    @Test func valuesAsTheFormatReadsThem() {
        #expect(MetricsExposition.value(3_600) == "3600")
        #expect(MetricsExposition.value(-0.38) == "-0.38")
        #expect(MetricsExposition.value(.nan) == "NaN")
        #expect(MetricsExposition.value(.infinity) == "+Inf")
        #expect(MetricsExposition.value(-.infinity) == "-Inf")
        #expect(MetricsExposition.value(1e-7) == "1e-07")
        #expect(MetricsExposition.value(1_800_000_000.5) == "1800000000.5")
    }

    @Test func aboveTheCapSeriesAreAggregatedByTier() throws {
        var s = platform
        s.datasets.append(dataset("analytics.dim_customer", tier: 1, lag: 600, quality: DatasetQuality(checks: [], passRate24h: 1)))
        s.datasets.append(dataset("raw.events", tier: 2, lag: 100))
        let text = MetricsExposition.render(s, maxDatasets: 3)
        #expect(!text.contains("dataset=\""))
        #expect(lines(text, "vigil_metrics_datasets_aggregated") == ["vigil_metrics_datasets_aggregated 1"])
        #expect(lines(text, "vigil_metrics_datasets_limit") == ["vigil_metrics_datasets_limit 3"])
        // The tier's worst: largest lag, smallest budget left and pass rate.
        #expect(lines(text, "vigil_dataset_freshness_lag_seconds") == [
            "vigil_dataset_freshness_lag_seconds{tier=\"1\"} 9000", "vigil_dataset_freshness_lag_seconds{tier=\"2\"} 100",
        ])
        let budget = try #require(s.datasets[0].slo?.budgetRemainingRatio)
        #expect(lines(text, "vigil_slo_error_budget_remaining_ratio").first
                == "vigil_slo_error_budget_remaining_ratio{tier=\"1\"} \(MetricsExposition.value(budget))")
        #expect(lines(text, "vigil_dataset_quality_pass_ratio").first == "vigil_dataset_quality_pass_ratio{tier=\"1\",window=\"24h\"} 0.75")
        #expect(lines(text, "vigil_slo_burn_rate_ratio").count == 2 * BurnWindow.allCases.count)
        // Per-dataset-only families are left out; the counts stay.
        #expect(lines(text, "vigil_dataset_freshness_state").isEmpty && lines(text, "vigil_slo_objective_ratio").isEmpty)
        #expect(lines(text, "vigil_datasets").contains("vigil_datasets{tier=\"1\",state=\"fresh\"} 1"))
        // At the cap itself, per dataset.
        #expect(MetricsExposition.render(s, maxDatasets: 4).contains("vigil_metrics_datasets_aggregated 0"))
    }
}
