import Foundation
import Testing
import VigilStore

@Suite struct FilesAndPathsTests {
    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }

    @Test func createsPrivateDirectoryAndFile() throws {
        try withTempDirectory { dir in
            let parent = dir.appendingPathComponent("state/vigil")
            let path = parent.appendingPathComponent("vigil.db").path
            let store = try Store(path: path)
            try store.write { try $0.setMeta("k", "v") }
            #expect(store.path == path)
            #expect(try mode(parent.path) == 0o700)
            #expect(try mode(path) == 0o600)
            // SQLite gives the WAL the database file's mode, so it stays private too.
            let wal = path + "-wal"
            if FileManager.default.fileExists(atPath: wal) { #expect(try mode(wal) == 0o600) }
        }
    }

    @Test func defaultPathPrefersXDGStateHome() {
        let path = Store.defaultPath(environment: ["XDG_STATE_HOME": "/srv/state", "HOME": "/home/ana"])
        #expect(path == "/srv/state/vigil/vigil.db")
    }

    @Test func defaultPathFallsBackToHome() {
        #expect(Store.defaultPath(environment: ["HOME": "/home/ana"]) == "/home/ana/.local/state/vigil/vigil.db")
        // The XDG spec says relative values are invalid and must be ignored.
        #expect(Store.defaultPath(environment: ["XDG_STATE_HOME": "rel/state", "HOME": "/home/ana"])
            == "/home/ana/.local/state/vigil/vigil.db")
        #expect(Store.defaultPath(environment: ["XDG_STATE_HOME": "", "HOME": "/home/bo"])
            == "/home/bo/.local/state/vigil/vigil.db")
    }

    @Test func parentThatIsAFileIsReported() throws {
        try withTempDirectory { dir in
            let blocker = dir.appendingPathComponent("blocker")
            try Data("x".utf8).write(to: blocker)
            let error = #expect(throws: StoreError.self) {
                _ = try Store(path: blocker.appendingPathComponent("vigil.db").path)
            }
            guard case .cannotCreateDirectory(let path, _) = error else {
                Issue.record("unexpected \(String(describing: error))")
                return
            }
            #expect(path == blocker.path)
        }
    }

    @Test func fileThatIsNotADatabaseIsReportedWithItsPath() throws {
        try withTempDirectory { dir in
            let path = storeFile(in: dir)
            try Data(String(repeating: "not sqlite ", count: 100).utf8).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: StoreError.self) { _ = try Store(path: path) }
            guard case .cannotOpen(let reportedPath, _) = error else {
                Issue.record("unexpected \(String(describing: error))")
                return
            }
            #expect(reportedPath == path)
            #expect(error?.description.contains(path) == true)
        }
    }
}
