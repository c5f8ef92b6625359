// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for Vigil's parsers, built only by scripts/fuzz (with -sanitize=fuzzer,address). The main
// package exports no library products, so depending on it by path cannot reach its modules; Linked/ holds symlinks
// to ../Sources and this package compiles the same files, with the same dependencies, under the sanitizers.
let package = Package(
    name: "VigilFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(name: "VigilCore", path: "Linked/VigilCore"),
        .target(name: "VigilYAML", dependencies: [.product(name: "Yams", package: "Yams")], path: "Linked/VigilYAML"),
        .target(name: "VigilConfig", dependencies: ["VigilCore", "VigilYAML", .product(name: "Yams", package: "Yams")],
                path: "Linked/VigilConfig"),
        .target(name: "VigilStore", dependencies: ["VigilCore", .product(name: "GRDB", package: "GRDB.swift")],
                path: "Linked/VigilStore"),
        .systemLibrary(name: "CLibpq", path: "Linked/CLibpq", pkgConfig: "libpq"),
        .target(name: "VigilCollectors", dependencies: ["VigilCore", "VigilStore", "VigilConfig", "CLibpq"],
                path: "Linked/VigilCollectors"),
        .target(name: "VigilUI", dependencies: ["VigilCore", "VigilYAML", .product(name: "Yams", package: "Yams")],
                path: "Linked/VigilUI"),
        .target(name: "VigilTestSupport", path: "Linked/VigilTestSupport"),
        // Each fuzz-X target checks one parser family; FuzzDriver starts libFuzzer from SwiftPM's renamed main.
        .target(name: "FuzzDriver"),
        .executableTarget(name: "fuzz-airflow", dependencies: ["VigilCollectors", "VigilCore", "FuzzDriver"]),
        .executableTarget(name: "fuzz-dagster", dependencies: ["VigilCollectors", "VigilCore", "FuzzDriver"]),
        .executableTarget(name: "fuzz-dbt", dependencies: ["VigilCollectors", "FuzzDriver"]),
        .executableTarget(name: "fuzz-postgres", dependencies: ["VigilCollectors", "FuzzDriver"]),
        .executableTarget(name: "fuzz-config", dependencies: ["VigilConfig", "FuzzDriver", "VigilTestSupport"]),
        .executableTarget(name: "fuzz-runbook", dependencies: ["VigilConfig", "FuzzDriver", "VigilTestSupport"]),
        .executableTarget(name: "fuzz-theme", dependencies: ["VigilUI", "FuzzDriver"]),
    ],
    swiftLanguageModes: [.v6]
)
