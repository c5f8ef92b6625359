import ArgumentParser
import Foundation
import VigilCore
import VigilApp
import VigilStore

/// `vigil store migrate|info`: set up a store (a team's PostgreSQL one first of all) and see who collects what.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Create or upgrade the store's schema, and show what it is and who collects each source.",
        subcommands: [Migrate.self, Info.self]
    )

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the store's tables or bring them up to this build's schema (SQLite file or PostgreSQL).",
            discussion: "Run once with a role that may create tables; collectors and consoles then need only their own grants (see README, Team store)."
        )

        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let path = try storeOptions.path(try storeOptions.loadConfiguration())
            do {
                let store = try Store(path: path)
                let applied = try store.appliedMigrations()
                print("store at \(store.location) (\(store.engineName)): schema up to date, \(applied.count) migrations, last \(applied.last ?? "none")")
            } catch {
                printError("vigil store migrate: \(error)")
                throw ExitCode(1)
            }
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print where the store is, its schema and which process collects each source.")

        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let path = try storeOptions.path(try storeOptions.loadConfiguration())
            do {
                let store = try Store(path: path, readOnly: true)
                let applied = try store.appliedMigrations()
                print("store: \(store.location) (\(store.engineName))")
                print("schema: \(applied.last ?? "none") (\(applied.count) of \(Store.knownMigrations.count) migrations)")
                let leases = try store.leases().values.sorted { $0.source < $1.source }
                if leases.isEmpty { print("sources: none collected yet") }
                let now = Date()
                for lease in leases {
                    let left = Int(lease.expiresAt.timeIntervalSince(now).rounded())
                    let state = left >= 0 ? "until \(left)s from now" : "lapsed \(-left)s ago"
                    print("source \(TextSanitizer.singleLine(lease.source)): collected by \(TextSanitizer.singleLine(lease.holder)) (\(state))")
                }
            } catch {
                printError("vigil store info: \(error)")
                throw ExitCode(1)
            }
        }
    }
}
