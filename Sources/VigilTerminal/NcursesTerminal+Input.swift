import CNcursesw
import VigilUI

extension NcursesTerminal {
    /// Longest single wait, so a quit signal is noticed promptly even if ncurses retries
    /// its read after the interruption.
    private static let sliceMs: Int32 = 50

    /// Waits up to `timeoutMs` (negative: no limit) for an event the console understands.
    /// Returns nil on timeout, and promptly once a quit signal arrived.
    public func nextEvent(timeoutMs: Int32) -> InputEvent? {
        guard isActive else { return nil }
        let clock = ContinuousClock()
        let deadline = timeoutMs < 0 ? nil : clock.now.advanced(by: .milliseconds(timeoutMs))
        while !quitRequested {
            var slice = Self.sliceMs
            if let deadline {
                let left = clock.now.duration(to: deadline)
                slice = min(slice, Int32(max(0, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)))
            }
            wtimeout(window, slice)
            var wch: wint_t = 0
            let rc = wget_wch(window, &wch)
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
