import ArgumentParser
import Foundation
import VigilApp
import VigilConfig
import VigilStore

/// `--config FILE` and `--store PATH`, shared by every subcommand that reads or writes the store.
/// Precedence: flags, then vigil.yaml (when one is found), then XDG defaults.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (default: ./vigil.yaml, then $XDG_CONFIG_HOME/vigil/vigil.yaml, if present).")
    var config: String?

    @Option(name: .long, help: "Path of the state store, or a PostgreSQL team store's connection string (default: the config's store or store_dsn_env/store_dsn_file, else $XDG_STATE_HOME/vigil/vigil.db).")
    var store: String?

    /// The configuration in effect, or nil when there is no config file. A broken file is an error, not ignored.
    func loadConfiguration() throws -> VigilConfiguration? {
        guard let path = ConfigLocator.find(explicit: config) else {
            if let config { throw ValidationError("config file \(config) not found") }
            return nil
        }
        do {
            return try ConfigLoader.load(path: path)
        } catch {
            throw ValidationError(error.problems.map(\.description).joined(separator: "\n")
                                  + "\nFix the config (vigil check lists every problem) or pass --config.")
        }
    }

    /// The store's file path or PostgreSQL connection string (read from its secret when the config names one).
    func path(_ configuration: VigilConfiguration?) throws -> String {
        if let store { return Store.isPostgres(store) ? store : expandTilde(store) }
        if let reference = configuration?.storeDSN {
            do {
                return try SecretResolver.resolve(reference, source: "store")
            } catch {
                throw ValidationError("the store's connection string: \(error.reason)")
            }
        }
        return configuration?.store ?? Store.defaultPath()
    }
}

/// `--theme NAME`, for commands that draw.
struct ThemeOptions: ParsableArguments {
    @Option(name: .long, help: "Colour theme: default, light, high-contrast, colorblind, or a themes/NAME.yaml of yours (default: the config's theme).")
    var theme: String?

    func name(_ configuration: VigilConfiguration?) -> String { theme ?? configuration?.theme ?? "default" }
}
