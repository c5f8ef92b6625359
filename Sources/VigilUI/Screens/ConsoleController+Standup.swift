import Foundation

/// Standup mode: S in the console (or `vigil standup`). Space pauses, ← → step, Esc goes back (q quits).
extension ConsoleController {
    public func enterStandup(interval: TimeInterval = 15, only: Bool = false, now: Date = Date()) {
        standup = StandupState(interval: max(3, interval), lastTurn: now, only: only)
        prompt = nil
        isEditingFilter = false
        reload()
    }

    /// Turns the page when its time is up; true when the frame must be redrawn.
    public func tick(now: Date) -> Bool {
        guard var s = standup, !s.paused, now.timeIntervalSince(s.lastTurn) >= s.interval else { return false }
        s.pageIndex += 1
        s.lastTurn = now
        standup = s
        return true
    }

    func handleStandupKey(_ key: Key) -> Bool {
        guard var s = standup else { return false }
        switch key {
        case .char("q"), .ctrl("c"):
            shouldQuit = true
            return false
        case .escape, .char("S"):
            if s.only { shouldQuit = true; return false }
            standup = nil
            return true
        case .char(" "), .char("p"):
            s.paused.toggle()
        case .right, .char("l"), .char("n"), .tab:
            s.pageIndex += 1
        case .left, .char("h"), .backTab:
            s.pageIndex -= 1
        default:
            return false
        }
        s.lastTurn = Date()
        standup = s
        return true
    }
}
