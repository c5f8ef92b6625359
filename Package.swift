// swift-tools-version:6.0
import PackageDescription

// One-way flow: collectors -> store -> view model -> UI.
// VigilCore is pure (no I/O); VigilUI draws into a cell buffer and never touches ncurses;
// VigilTerminal is the only module that talks to the terminal.
let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
        // For developers and tests only, never shipped: benchmarks and the load generator.
        .executable(name: "vigil-dev", targets: ["vigil-dev"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.14.0"),
    ],
    targets: [
        .target(name: "VigilCore"),
        .target(name: "VigilStore", dependencies: [
            "VigilCore", "CLibpq",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "VigilCollectors", dependencies: ["VigilCore", "VigilStore", "VigilConfig", "CLibpq"]),
        .target(name: "VigilUI", dependencies: [
            "VigilCore", "VigilYAML",
            .product(name: "Yams", package: "Yams"),
        ]),
        // What every YAML reader checks before Yams composes the text (an alias bomb's size).
        .target(name: "VigilYAML", dependencies: [.product(name: "Yams", package: "Yams")]),
        // vigil.yaml: typed configuration, validation that reports every problem, secret references.
        .target(name: "VigilConfig", dependencies: [
            "VigilCore", "VigilYAML",
            .product(name: "Yams", package: "Yams"),
        ]),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // libpq for the PostgreSQL warehouse collector.
        .systemLibrary(name: "CLibpq", path: "Sources/CLibpq", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(name: "VigilTerminal", dependencies: ["VigilUI", "CNcursesw"]),
        // zlib, for gzip-encoded request bodies (libz is part of every system the build runs on).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // `vigil serve`: the HTTP receiver (Hummingbird) for pushed events (OpenLineage); kept out of the other
        // modules so only the server and the executable link it.
        .target(name: "VigilServer", dependencies: [
            "VigilCore", "VigilStore", "VigilCollectors", "VigilConfig", "CZlib",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Wiring shared by the executable and tests: store adapter, demo snapshots, status report.
        .target(name: "VigilApp", dependencies: ["VigilCore", "VigilStore", "VigilCollectors", "VigilUI", "VigilConfig"]),
        .executableTarget(name: "vigil", dependencies: [
            "VigilCore", "VigilStore", "VigilCollectors", "VigilUI", "VigilTerminal", "VigilApp", "VigilConfig", "VigilServer",
            "CMalloc", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Developer tools kept out of the product: the benchmarks (Bench/) and the crash tests' stress writer (Stress/).
        .target(name: "VigilDevTools", dependencies: ["VigilCore", "VigilStore", "VigilCollectors", "VigilUI", "VigilApp",
                                                      "VigilServer", "CMalloc"]),
        // glibc's heap: its statistics, for the benchmarks' bytes per dataset; its mmap threshold, set by `vigil`.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        // `vigil-dev bench ...` and `vigil-dev stress write`, for scripts/bench, scripts/bench-airflow and the end-to-end tests.
        .executableTarget(name: "vigil-dev", dependencies: [
            "VigilDevTools", "VigilStore", "VigilCollectors", "VigilUI", "VigilTerminal", "VigilApp", "VigilConfig",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore", "VigilTestSupport"]),
        .testTarget(name: "VigilStoreTests", dependencies: ["VigilStore", "VigilCore", "VigilTestSupport",
                                                          .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "VigilCollectorsTests", dependencies: ["VigilCollectors", "VigilStore", "VigilCore", "VigilTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "VigilUITests", dependencies: ["VigilUI", "VigilCore", "VigilTestSupport"]),
        // Golden files live in Tests/VigilAppTests/Golden and are read by path (see GoldenFile).
        .testTarget(name: "VigilAppTests", dependencies: ["VigilApp", "VigilDevTools", "VigilUI", "VigilCore", "VigilStore",
                                                          "VigilCollectors", "VigilConfig", "VigilTestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "VigilTerminalTests", dependencies: ["VigilTerminal", "VigilUI"]),
        .testTarget(name: "VigilConfigTests", dependencies: ["VigilConfig", "VigilCore", "VigilTestSupport"]),
        // Shared by tests: child-process spawning (end-to-end, integration), a loopback HTTP server (collector
        // fault tests through a real socket) and the seeded mutation engine of the fuzz tests.
        .target(name: "VigilTestSupport", dependencies: ["VigilStore"]),
        .testTarget(name: "VigilEndToEndTests", dependencies: ["VigilTestSupport"]),
        // Collectors against the real systems they read; scripts/test starts those and sets the environment.
        .testTarget(name: "VigilIntegrationTests", dependencies: ["VigilCollectors", "VigilStore", "VigilCore", "VigilConfig",
                                                                  "VigilApp", "VigilTestSupport", "CLibpq", "CZlib"]),
    ],
    swiftLanguageModes: [.v6]
)
