// swift-tools-version: 6.1
import PackageDescription

/// Release builds of syncd (and of syncd-bench, which measures its dedup core) on Linux use
/// gperftools' tcmalloc in place of glibc's malloc: a backlog takes about 6 % less CPU
/// (BENCHMARKS.md). Building one needs `apt-get install libgoogle-perftools-dev`, and running it
/// `libtcmalloc-minimal4`. Debug builds (`swift run`, `swift test`) keep glibc's malloc and need
/// neither.
let tcmalloc: [LinkerSetting] = [
    .linkedLibrary("tcmalloc_minimal", .when(platforms: [.linux], configuration: .release)),
]

let package = Package(
    name: "newsroom-sync",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "syncd", targets: ["syncd"]),
        .executable(name: "syncctl", targets: ["syncctl"]),
        .library(name: "Sync", targets: ["Sync"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "SyncDaemon", targets: ["SyncDaemon"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.23.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
    ],
    targets: [
        // The system SQLite library (libsqlite3-dev), reached through its C API.
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The domain: formats, normalization, shingling, dedup decisions, feed and API wire types.
        // Pure logic, no I/O, no dependencies.
        // SHA-256 blocks with the CPU's SHA instructions, where it has them.
        .target(name: "CSHA256"),
        .target(name: "Sync", dependencies: ["CSHA256"]),
        // Turns Migrations/*.sql into Swift source so every built binary carries its schema.
        .executableTarget(name: "EmbedMigrations", path: "Plugins/EmbedMigrationsTool"),
        .plugin(
            name: "EmbedMigrationsPlugin",
            capability: .buildTool(),
            dependencies: ["EmbedMigrations"],
            path: "Plugins/EmbedMigrationsPlugin"
        ),
        // SQLite persistence: open, migrate, intent-named writes and read queries.
        .target(
            name: "Store",
            dependencies: ["CSQLite", "Sync"],
            plugins: ["EmbedMigrationsPlugin"]
        ),
        // The daemon's parts: home layout, inotify watcher, ingest loop, HTTP routes.
        .target(
            name: "SyncDaemon",
            dependencies: [
                "Sync", "Store", "CFileSystem",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "syncd",
            dependencies: [
                "SyncDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            linkerSettings: tcmalloc
        ),
        .executableTarget(
            name: "syncctl",
            dependencies: [
                "Sync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Measures dedup precision/recall on the Reuters dev pairs (see DEDUP.md).
        .target(name: "ReutersCorpus"),
        // renameat2(2) with RENAME_NOREPLACE, which the Glibc module does not expose.
        .target(name: "CFileSystem"),
        // Tests only: a SQLite VFS that makes writes fail like a full or read-only disk.
        .target(name: "SQLiteFaultVFS", linkerSettings: [.linkedLibrary("sqlite3")]),
        .executableTarget(name: "dedup-eval", dependencies: ["Sync", "ReutersCorpus"]),
        .executableTarget(name: "syncd-bench", dependencies: ["Sync", "Store", "ReutersCorpus"], linkerSettings: tcmalloc),
        .testTarget(
            name: "SyncTests",
            dependencies: ["Sync", "ReutersCorpus"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "Sync", "SQLiteFaultVFS"]
        ),
        .testTarget(
            name: "SyncDaemonTests",
            dependencies: [
                "SyncDaemon", "Store", "Sync", "ReutersCorpus", "SQLiteFaultVFS",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                "syncd", "syncctl",
            ]
        ),
    ]
)
