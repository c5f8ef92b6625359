import VigilCore

/// Every status is shown by a glyph *and* a word *and* a colour role, never by colour alone.
/// Glyphs are single-column characters that terminals agree on (no emoji).
public struct StatusMark: Sendable, Equatable {
    public var glyph: Character
    public var word: String
    public var role: StyleRole

    public init(_ glyph: Character, _ word: String, _ role: StyleRole) {
        self.glyph = glyph
        self.word = word
        self.role = role
    }
}

public enum StatusGlyphs {
    public static func of(_ health: PipelineHealth) -> StatusMark {
        switch health {
        case .failing: return StatusMark("✗", "FAILING", .error)
        case .late: return StatusMark("◷", "LATE", .late)
        case .running: return StatusMark("▶", "RUNNING", .running)
        case .healthy: return StatusMark("✓", "OK", .ok)
        case .paused: return StatusMark("‖", "PAUSED", .paused)
        case .unknown: return StatusMark("?", "NO RUNS", .unknown)
        }
    }

    public static func of(_ state: RunState) -> StatusMark {
        switch state {
        case .success: return StatusMark("✓", "success", .ok)
        case .failed: return StatusMark("✗", "failed", .error)
        case .running: return StatusMark("▶", "running", .running)
        case .queued: return StatusMark("·", "queued", .unknown)
        case .upForRetry: return StatusMark("↻", "up_for_retry", .warn)
        case .upstreamFailed: return StatusMark("⊘", "upstream_failed", .error)
        case .skipped: return StatusMark("»", "skipped", .paused)
        }
    }

    public static func of(_ state: FreshnessState) -> StatusMark {
        switch state {
        case .fresh: return StatusMark("✓", "FRESH", .ok)
        case .warn: return StatusMark("▲", "WARN", .warn)
        case .error: return StatusMark("✗", "STALE", .error)
        case .unknown: return StatusMark("?", "UNKNOWN", .unknown)
        }
    }

    public static func of(_ state: CheckState) -> StatusMark {
        switch state {
        case .pass: return StatusMark("✓", "pass", .ok)
        case .warn: return StatusMark("▲", "warn", .warn)
        case .fail: return StatusMark("✗", "fail", .error)
        case .error: return StatusMark("!", "error", .error)
        }
    }

    public static func of(_ health: SourceHealth) -> StatusMark {
        switch health {
        case .ok: return StatusMark("●", "ok", .ok)
        case .degraded: return StatusMark("◐", "degraded", .warn)
        case .down: return StatusMark("✗", "down", .error)
        case .unknown: return StatusMark("○", "unknown", .unknown)
        }
    }

    public static func of(_ state: IncidentState) -> StatusMark {
        switch state {
        case .triggered: return StatusMark("!", "TRIGGERED", .error)
        case .acknowledged: return StatusMark("◉", "ACKED", .warn)
        case .mitigated: return StatusMark("◑", "MITIGATED", .running)
        case .resolved: return StatusMark("✓", "RESOLVED", .ok)
        }
    }

    public static func role(of severity: Severity) -> StyleRole {
        switch severity {
        case .sev1: return .sev1
        case .sev2: return .sev2
        case .sev3: return .sev3
        case .sev4: return .sev4
        }
    }

    public static func role(ofTier tier: Int?) -> StyleRole {
        switch tier {
        case 1: return .tier1
        case 2: return .tier2
        case 3: return .tier3
        default: return .dim
        }
    }

    public static func of(_ status: StepStatus) -> StatusMark {
        switch status {
        case .done: return StatusMark("✓", "done", .ok)
        case .skipped: return StatusMark("»", "skipped", .paused)
        case .pending: return StatusMark("○", "pending", .dim)
        }
    }
}
