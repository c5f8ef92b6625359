import CNcursesw
import VigilUI

extension NcursesTerminal {
    /// Longest single wait, so a quit signal is noticed within a quarter second even if ncurses retries
    /// its read after the interruption. Not shorter: every slice wakes the process, and an idle console should
    /// cost next to nothing (the session's own poll is 250 ms).
    private static let sliceMs: Int32 = 250

    /// Waits up to `timeoutMs` (negative: no limit) for an event the console understands.
    /// Returns nil on timeout, and promptly once a quit signal arrived.
    public func nextEvent(timeoutMs: Int32) -> InputEvent? {
        guard isActive else { return nil }
        let clock = ContinuousClock()
        let deadline = timeoutMs < 0 ? nil : clock.now.advanced(by: .milliseconds(timeoutMs))
        var attempted = false
        while !quitRequested {
            var slice = Self.sliceMs
            if let deadline {
                // Rounded up: a remainder under a millisecond rounded down to 0 made a burst of non-blocking
                // reads (a dozen polls per wake) until the deadline passed. A zero timeout still reads once.
                let left = clock.now.duration(to: deadline)
                let leftMs = left.components.seconds * 1000 + (left.components.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
                if leftMs <= 0 && attempted { return nil }
                slice = min(slice, Int32(max(0, leftMs)))
            }
            wtimeout(window, slice)
            var wch: wint_t = 0
            let rc = wget_wch(window, &wch)
            attempted = true
            if rc != ERR, let event = event(rc: rc, code: Int32(bitPattern: wch)) { return event }
            if let deadline, clock.now >= deadline { return nil }
        }
        return nil
    }

    private func event(rc: Int32, code: Int32) -> InputEvent? {
        let isFunctionKey = rc == KEY_CODE_YES
        if isFunctionKey && code == KEY_RESIZE {
            lastFlushed = nil   // the screen was reflowed by the terminal: repaint everything
            let (width, height) = size()
            return .resize(width: width, height: height)
        }
        if isFunctionKey && code == KEY_MOUSE {
            var mouse = MEVENT()
            guard getmouse(&mouse) == OK, let action = MouseDecoder.action(buttonState: mouse.bstate) else { return nil }
            return .mouse(MouseEvent(x: Int(mouse.x), y: Int(mouse.y), action: action))
        }
        return KeyDecoder.decode(code: code, isFunctionKey: isFunctionKey).map(InputEvent.key)
    }
}
