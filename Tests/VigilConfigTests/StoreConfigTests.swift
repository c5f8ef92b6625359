import Foundation
import Testing
@testable import VigilConfig

/// `store:` names a SQLite file or a PostgreSQL team store; the team store's password never sits in the config.
@Suite struct StoreConfigTests {
    @Test func aPostgresURLWithoutPasswordIsKeptAsWritten() throws {
        let config = try parsed("store: postgres://vigil@db.internal:5432/vigil?sslmode=require\n")
        #expect(config.store == "postgres://vigil@db.internal:5432/vigil?sslmode=require")
        #expect(config.storeDSN == nil)
    }

    @Test func aFilePathIsStillResolved() throws {
        let config = try parsed("store: state/vigil.db\n")
        #expect(config.store?.hasSuffix("/state/vigil.db") == true && config.store?.hasPrefix("/") == true)
    }

    @Test func aPasswordInTheURLIsRefusedWithoutEchoingIt() {
        let found = problems("store: postgresql://vigil:hunter2@db.internal/vigil\n")
        #expect(found.count == 1)
        #expect(found.first?.field == "store")
        #expect(found.first?.message.contains("password") == true)
        #expect(found.first?.hint?.contains("store_dsn_env") == true)
        #expect(!found.map(\.description).joined().contains("hunter2"))
    }

    @Test func theConnectionStringComesFromAnEnvironmentVariableOrAFile() throws {
        #expect(try parsed("store_dsn_env: VIGIL_STORE_DSN\n").storeDSN == .env("VIGIL_STORE_DSN"))
        let fromFile = try parsed("store_dsn_file: /etc/vigil/store-dsn\n")
        #expect(fromFile.storeDSN == .file("/etc/vigil/store-dsn"))
    }

    @Test func storeAndStoreDSNTogetherIsAProblem() {
        let found = problems("store: /var/lib/vigil/vigil.db\nstore_dsn_env: VIGIL_STORE_DSN\n")
        #expect(found.map(\.message) == ["set either store or store_dsn_env/store_dsn_file, not both"])
    }
}
