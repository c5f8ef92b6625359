import Foundation

/// How a demo pipeline is scheduled, before it is pinned to a start date.
enum DemoSchedule: Sendable, Equatable {
    case every15
    case hourly(minute: Int)
    case every2h(minute: Int)
    case every6h(minute: Int)
    case daily(hour: Int, minute: Int)
    /// Hourly at the start time's minute plus `offset`: keeps the scripted story aligned with any start.
    case hourlyAfterStart(offsetMinutes: Int)
}

/// A resolved schedule: trigger k fires at `phase + k * interval` seconds after the epoch,
/// which matches cron because every interval divides a UTC day.
struct Cadence: Sendable, Equatable {
    let cron: String
    let interval: TimeInterval
    let phase: TimeInterval

    init(_ schedule: DemoSchedule, start: Date) {
        switch schedule {
        case .every15:
            self.init(cron: "*/15 * * * *", interval: 900, phase: 0)
        case .hourly(let m):
            self.init(cron: m == 0 ? "@hourly" : "\(m) * * * *", interval: 3600, phase: Double(m * 60))
        case .every2h(let m):
            self.init(cron: "\(m) */2 * * *", interval: 7200, phase: Double(m * 60))
        case .every6h(let m):
            self.init(cron: "\(m) */6 * * *", interval: 21600, phase: Double(m * 60))
        case .daily(let h, let m):
            self.init(cron: h == 0 && m == 0 ? "@daily" : "\(m) \(h) * * *", interval: 86400, phase: Double(h * 3600 + m * 60))
        case .hourlyAfterStart(let offset):
            let t0 = start.timeIntervalSince1970
            let phase = (t0 - (t0 / 3600).rounded(.down) * 3600 + Double(offset * 60)).truncatingRemainder(dividingBy: 3600)
            let minute = Int(phase / 60)
            let exact = phase.truncatingRemainder(dividingBy: 60) == 0
            self.init(cron: minute == 0 && exact ? "@hourly" : "\(minute) * * * *", interval: 3600, phase: phase)
        }
    }

    init(cron: String, interval: TimeInterval, phase: TimeInterval) {
        self.cron = cron
        self.interval = interval
        self.phase = phase
    }

    func trigger(_ k: Int) -> Date { Date(timeIntervalSince1970: phase + Double(k) * interval) }

    /// The newest slot whose trigger time is at or before `t`.
    func slot(atOrBefore t: Date) -> Int { Int(((t.timeIntervalSince1970 - phase) / interval).rounded(.down)) }

    /// The oldest slot whose trigger time is at or after `t`.
    func slot(atOrAfter t: Date) -> Int { Int(((t.timeIntervalSince1970 - phase) / interval).rounded(.up)) }
}
