import Foundation
import VigilCore

// SQLRow <-> domain mapping. Dates are REAL unix seconds; arrays are JSON text; enums their raw values.

extension Date {
    var unixSeconds: Double { timeIntervalSince1970 }
}

extension SQLRow {
    func date(_ column: String) throws -> Date? {
        try decode(Double?.self, forColumn: column).map(Date.init(timeIntervalSince1970:))
    }

    func requiredDate(_ column: String, table: String) throws -> Date {
        guard let date = try date(column) else {
            throw StoreDecodingError(table: table, column: column, value: "NULL")
        }
        return date
    }

    func enumValue<E: RawRepresentable>(_ column: String, table: String) throws -> E where E.RawValue == String {
        let raw = try decode(String.self, forColumn: column)
        guard let value = E(rawValue: raw) else { throw StoreDecodingError(table: table, column: column, value: raw) }
        return value
    }

    /// INTEGER 1...4 or NULL.
    func optionalSeverity(_ column: String, table: String) throws -> Severity? {
        guard let raw = try decode(Int?.self, forColumn: column) else { return nil }
        guard let severity = Severity(rawValue: raw) else { throw StoreDecodingError(table: table, column: column, value: String(raw)) }
        return severity
    }

    func json<T: Decodable>(_ type: T.Type, _ column: String, table: String) throws -> T {
        let text = try decode(String.self, forColumn: column)
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreDecodingError(table: table, column: column, value: text)
        }
    }
}

enum JSONText {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Builds domain values from rows of the tables described in Migrations.swift.
enum Decode {
    static func source(_ row: SQLRow) throws -> SourceStatus {
        SourceStatus(
            name: try row.decode(forColumn: "name"),
            kind: try row.enumValue("kind", table: "sources"),
            health: try row.enumValue("health", table: "sources"),
            lastAttemptAt: try row.date("last_attempt_at"),
            lastSuccessAt: try row.date("last_success_at"),
            lastError: try row.decode(forColumn: "last_error"),
            consecutiveFailures: try row.decode(forColumn: "consecutive_failures"),
            lastPassSeconds: try row.decode(forColumn: "last_pass_s"),
            note: try row.decode(forColumn: "note"))
    }

    static func pipeline(_ row: SQLRow) throws -> Pipeline {
        Pipeline(
            source: try row.decode(forColumn: "source"),
            pipelineID: try row.decode(forColumn: "pipeline_id"),
            schedule: try row.decode(forColumn: "schedule"),
            scheduleInterval: try row.decode(forColumn: "schedule_interval_s"),
            owner: try row.decode(forColumn: "owner"),
            isPaused: try row.decode(forColumn: "is_paused"),
            tasks: try row.json([String].self, "tasks", table: "pipelines"),
            tier: try row.decode(forColumn: "tier"),
            nextRunDue: try row.date("next_run_due"),
            lateGrace: try row.decode(forColumn: "late_grace_s"))
    }

    static func taskInstance(_ row: SQLRow) throws -> TaskInstance {
        TaskInstance(
            source: try row.decode(forColumn: "source"),
            pipelineID: try row.decode(forColumn: "pipeline_id"),
            runID: try row.decode(forColumn: "run_id"),
            taskID: try row.decode(forColumn: "task_id"),
            state: try row.enumValue("state", table: "task_instances"),
            tryNumber: try row.decode(forColumn: "try_number"),
            maxTries: try row.decode(forColumn: "max_tries"),
            startedAt: try row.date("started_at"),
            endedAt: try row.date("ended_at"),
            operatorName: try row.decode(forColumn: "operator_name"),
            errorMessage: try row.decode(forColumn: "error_message"))
    }

    static func freshnessSample(_ row: SQLRow) throws -> FreshnessSample {
        FreshnessSample(
            dataset: try row.decode(forColumn: "dataset"),
            observedAt: try row.requiredDate("observed_at", table: "freshness_samples"),
            loadedAt: try row.date("loaded_at"))
    }

    static func incident(_ row: SQLRow) throws -> Incident {
        let rawSeverity: Int = try row.decode(forColumn: "severity")
        guard let severity = Severity(rawValue: rawSeverity) else {
            throw StoreDecodingError(table: "incidents", column: "severity", value: String(rawSeverity))
        }
        return Incident(
            id: try row.decode(forColumn: "id"),
            title: try row.decode(forColumn: "title"),
            severity: severity,
            state: try row.enumValue("state", table: "incidents"),
            openedAt: try row.requiredDate("opened_at", table: "incidents"),
            resolvedAt: try row.date("resolved_at"),
            lead: try row.decode(forColumn: "lead"),
            affectedDatasets: try row.json([String].self, "affected_datasets", table: "incidents"),
            affectedPipelines: try row.json([String].self, "affected_pipelines", table: "incidents"),
            runbookID: try row.decode(forColumn: "runbook_id"),
            causeKey: try row.decode(forColumn: "cause_key"),
            signalAt: try row.date("signal_at"),
            kind: try (row.decode(String?.self, forColumn: "kind")).flatMap(IncidentKind.init(rawValue:)),
            resolution: try (row.decode(String?.self, forColumn: "resolution")).flatMap(IncidentResolution.init(rawValue:)),
            causeChangeID: try row.decode(forColumn: "cause_change"))
    }

    static func timelineEvent(_ row: SQLRow) throws -> TimelineEvent {
        TimelineEvent(
            incidentID: try row.decode(forColumn: "incident_id"),
            at: try row.requiredDate("at", table: "timeline_events"),
            kind: try row.enumValue("kind", table: "timeline_events"),
            actor: try row.decode(forColumn: "actor"),
            text: try row.decode(forColumn: "text"))
    }

    static func runbook(_ row: SQLRow) throws -> Runbook {
        Runbook(
            id: try row.decode(forColumn: "id"),
            title: try row.decode(forColumn: "title"),
            steps: try row.json([RunbookStep].self, "steps", table: "runbooks"),
            appliesTo: try row.json([RunbookSelector].self, "applies_to", table: "runbooks"),
            severity: try row.optionalSeverity("severity", table: "runbooks"),
            sourcePath: try row.decode(forColumn: "source_path"))
    }

    static func stepProgress(_ row: SQLRow) throws -> RunbookStepProgress {
        RunbookStepProgress(
            incidentID: try row.decode(forColumn: "incident_id"),
            runbookID: try row.decode(forColumn: "runbook_id"),
            stepIndex: try row.decode(forColumn: "step_index"),
            status: try row.enumValue("status", table: "runbook_progress"),
            actor: try row.decode(forColumn: "actor"),
            at: try row.requiredDate("at", table: "runbook_progress"),
            note: try row.decode(forColumn: "note"))
    }
}
