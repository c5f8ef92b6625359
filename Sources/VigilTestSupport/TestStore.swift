import Foundation
import VigilStore

/// The store tests write into: SQLite in memory by default; when VIGIL_TEST_STORE_DSN names a PostgreSQL database
/// (scripts/test runs the store, collector and detection suites a second time so), a schema of that database of its
/// own, so every test starts empty there too and the suites prove the same behaviour on both engines.
public enum TestStore {
    public static var postgresDSN: String? {
        ProcessInfo.processInfo.environment["VIGIL_TEST_STORE_DSN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var isPostgres: Bool { postgresDSN != nil }

    /// A fresh, empty store on the engine under test.
    public static func fresh() throws -> Store {
        guard let dsn = postgresDSN else { return try Store.inMemory() }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try PostgresConnection(dsn: dsn, parameters: [], secrets: PostgresSecrets([dsn]))
        _ = try admin.query("CREATE SCHEMA \(schema)", deadline: 30)
        return try Store(path: Self.dsn(dsn, searchPath: schema))
    }

    /// Two stores on one database, as two machines (or processes) would open it: a PostgreSQL schema of their own,
    /// or one SQLite file in a temporary folder (removed afterwards).
    public static func two(_ body: (Store, Store) throws -> Void) throws {
        if isPostgres {
            let first = try fresh()
            try body(first, try Store(path: first.connectionStringForTests!))
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-two-stores-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("vigil.db").path
        try body(try Store(path: path), try Store(path: path))
    }

    /// `dsn` with every session's search_path set to `schema` (a libpq URI option).
    public static func dsn(_ dsn: String, searchPath schema: String) -> String {
        dsn + (dsn.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }
}
