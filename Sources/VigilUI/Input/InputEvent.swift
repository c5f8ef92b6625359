/// A key the console understands, decoded from the terminal by a backend.
public enum Key: Sendable, Equatable, Hashable {
    case char(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    case function(Int)
    /// Ctrl+letter, lower-case letter.
    case ctrl(Character)
}

public enum MouseAction: Sendable, Equatable {
    case press
    case scrollUp
    case scrollDown
}

public struct MouseEvent: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var action: MouseAction

    public init(x: Int, y: Int, action: MouseAction) {
        self.x = x
        self.y = y
        self.action = action
    }
}

public enum InputEvent: Sendable, Equatable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
}
