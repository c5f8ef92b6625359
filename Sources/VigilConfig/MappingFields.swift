import Yams

/// One `key: value` pair of a YAML mapping, with the path used in problem reports.
struct Field {
    let key: String
    let keyNode: Node
    let value: Node
    let path: String
}

/// A YAML mapping's pairs in file order, looked up by key.
struct MappingFields {
    let node: Node
    let path: String
    let list: [Field]

    subscript(key: String) -> Field? { list.first { $0.key == key } }

    func path(of key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

extension Node {
    /// `key:` with nothing after it, `~` or `null`, as YAML means them (quoted "null" is text).
    var isNull: Bool {
        guard let scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// What a value is, for "must be X, not Y" messages.
    var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar: return "a single value"
        case .alias: return "an alias"
        }
    }
}
