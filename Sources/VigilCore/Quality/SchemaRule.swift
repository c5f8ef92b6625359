import Foundation

/// One column of a table as a warehouse reports it.
public struct TableColumn: Codable, Sendable, Equatable, Hashable {
    public var name: String
    /// The type as the warehouse writes it, modifiers included: "numeric(12,2)", "timestamp with time zone".
    public var type: String
    public var nullable: Bool

    public init(name: String, type: String, nullable: Bool) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }

    /// "text, nullable" / "bigint, not null".
    var shape: String { "\(type), \(nullable ? "nullable" : "not null")" }
}

/// Watches a dataset's columns (names, types, nullability, order) from one look to the next. Pure.
///
/// The first look is stored and passes. A change is a `schema_change` event naming each difference and a schema
/// check in warn with the same text; the warn holds for `holdWarning` (24 h) after the change, so a change seen at
/// night is still on screen in the morning, then the check passes again. Renames show as a removal and an addition:
/// from the columns alone a rename cannot be told from a drop and an add.
public enum SchemaRule {
    public static let holdWarning: TimeInterval = 86_400
    public static let checkName = "schema"
    /// Differences named in one message; the rest are counted.
    static let listed = 10

    /// What one look means for the store: the check to record, and on a first look or a change the columns to keep
    /// (and, on a change, the event to append).
    public struct Outcome: Sendable, Equatable {
        public var check: DataCheck
        public var event: DatasetEvent?
        /// The columns to store as the dataset's schema; nil when the stored one is still right.
        public var store: [TableColumn]?
        /// On a change, the same as a `Change` (what root cause looks back for).
        public var change: Change? = nil
    }

    /// The columns as stored: JSON `[{name, type, nullable}]` in column order.
    public static func encode(_ columns: [TableColumn]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(columns)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    public static func decode(_ json: String) -> [TableColumn]? {
        try? JSONDecoder().decode([TableColumn].self, from: Data(json.utf8))
    }

    /// Equal exactly when names, types, nullability and order are: "id bigint not null, note text".
    public static func signature(_ columns: [TableColumn]) -> String {
        columns.map { "\($0.name) \($0.type)\($0.nullable ? "" : " not null")" }.joined(separator: ", ")
    }

    /// "column discount_code added (text, nullable); column amount retyped numeric → text; column x removed";
    /// nil when nothing differs.
    public static func changes(from old: [TableColumn], to new: [TableColumn]) -> String? {
        let before = Dictionary(old.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var lines: [String] = []
        for column in new {
            guard let was = before[column.name] else {
                lines.append("column \(column.name) added (\(column.shape))")
                continue
            }
            if was.type != column.type { lines.append("column \(column.name) retyped \(was.type) → \(column.type)") }
            if was.nullable != column.nullable {
                lines.append("column \(column.name) \(column.nullable ? "now nullable" : "now not null")")
            }
        }
        lines += old.filter { after[$0.name] == nil }.map { "column \($0.name) removed" }
        let kept = new.map(\.name).filter { before[$0] != nil }
        if kept != old.map(\.name).filter({ after[$0] != nil }) {
            lines.append("columns reordered: \(kept.joined(separator: ", "))")
        }
        guard !lines.isEmpty else { return nil }
        let more = lines.count - listed
        return lines.prefix(listed).joined(separator: "; ") + (more > 0 ? "; and \(more) more" : "")
    }

    /// A schema change as a `Change` (kind .schema, subject the dataset): "raw.payments columns: +currency, amount
    /// numeric → text". Its ref is the new signature's SHA-256 (12 hex digits), so the same change seen twice is one.
    public static func change(dataset: String, from old: [TableColumn], to new: [TableColumn], at: Date,
                              source: String) -> Change {
        let before = Dictionary(old.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let names = Set(new.map(\.name))
        var parts: [String] = []
        for column in new {
            guard let was = before[column.name] else { parts.append("+" + column.name); continue }
            if was.type != column.type { parts.append("\(column.name) \(was.type) → \(column.type)") }
            if was.nullable != column.nullable { parts.append("\(column.name) \(column.nullable ? "nullable" : "not null")") }
        }
        parts += old.filter { !names.contains($0.name) }.map { "-" + $0.name }
        if parts.isEmpty { parts.append("reordered") }
        let more = parts.count - listed
        let title = "\(dataset) columns: " + parts.prefix(listed).joined(separator: ", ") + (more > 0 ? ", and \(more) more" : "")
        let ref = String(SHA256.hex(SHA256.hash(Array(signature(new).utf8))).prefix(12))
        return Change(id: Change.id(source: source, kind: .schema, subject: dataset, ref: ref), at: at, source: source,
                      kind: .schema, title: title, subjects: [LineageNode.dataset(dataset).text], ref: ref,
                      detail: changes(from: old, to: new) ?? "now \(signature(new))")
    }

    /// The schema check of `dataset` whose columns are `columns` at `at`. `stored` is its last stored schema (nil
    /// before the first look), `lastChange` its latest `schema_change` event.
    public static func check(dataset: String, columns: [TableColumn], stored: (signature: String, columns: String)?,
                             lastChange: DatasetEvent?, at: Date, source: String) -> Outcome {
        func check(_ state: CheckState, _ message: String) -> DataCheck {
            DataCheck(dataset: dataset, name: checkName, kind: .schema, state: state, message: message, at: at, source: source)
        }
        let count = columns.count == 1 ? "1 column" : "\(columns.count) columns"
        guard let stored else { return Outcome(check: check(.pass, "\(count), first look"), store: columns) }
        if stored.signature == signature(columns) {
            if let lastChange, at.timeIntervalSince(lastChange.at) < holdWarning, at >= lastChange.at {
                return Outcome(check: check(.warn, lastChange.text))
            }
            return Outcome(check: check(.pass, "\(count), unchanged"))
        }
        let old = decode(stored.columns)
        let text = old.flatMap { changes(from: $0, to: columns) } ?? "columns changed: now \(signature(columns))"
        return Outcome(check: check(.warn, text),
                       event: DatasetEvent(dataset: dataset, at: at, kind: .schemaChange, text: text, source: source),
                       store: columns,
                       change: change(dataset: dataset, from: old ?? [], to: columns, at: at, source: source))
    }
}
