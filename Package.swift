// swift-tools-version: 6.1
import PackageDescription

// Data flows one way, and the targets say so:
//   extract -> analysis -> index -> search -> serve / CLI
// System C libraries are reached only through the small C shim targets (CICU, CThai, …),
// whose public headers use plain stdint types so Swift never sees two ICU definitions.
let package = Package(
    name: "DMKM",
    // Linux only: Glibc calls, the glibc allocator shim (CMalloc) and Debian's system libraries.
    // (No `platforms:` entry: it only constrains Apple platforms, and claiming macOS would promise
    // a build nobody runs.)
    products: [
        .executable(name: "dmkm", targets: ["dmkm"]),
        .library(name: "DMKMAnalysis", targets: ["DMKMAnalysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/vapor/multipart-kit", exact: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // SHA-256 for the asset store (already in the graph through Hummingbird's dependencies).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // MARK: system libraries (pkg-config + the Debian package that provides them)
        .systemLibrary(
            name: "SystemICU", path: "Sources/SystemICU", pkgConfig: "icu-uc",
            providers: [.apt(["libicu-dev"])]),
        .systemLibrary(
            name: "SystemThai", path: "Sources/SystemThai", pkgConfig: "libthai",
            providers: [.apt(["libthai-dev", "libdatrie-dev"])]),

        .systemLibrary(
            name: "SystemZlib", path: "Sources/SystemZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),

        .systemLibrary(
            name: "SystemLibXML2", path: "Sources/SystemLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "SystemPoppler", path: "Sources/SystemPoppler", pkgConfig: "poppler-cpp",
            providers: [.apt(["libpoppler-cpp-dev"])]),
        .systemLibrary(
            name: "SystemTesseract", path: "Sources/SystemTesseract", pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev"])]),

        // MARK: C shims
        .target(
            name: "CICU", dependencies: ["SystemICU"], path: "Sources/CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icudata")]),
        .target(
            name: "CThai", dependencies: ["SystemThai"], path: "Sources/CThai",
            linkerSettings: [.linkedLibrary("thai"), .linkedLibrary("datrie")]),

        .target(
            name: "CLibXML2", dependencies: ["SystemLibXML2"], path: "Sources/CLibXML2",
            linkerSettings: [.linkedLibrary("xml2")]),
        .target(
            name: "CPoppler", dependencies: ["SystemPoppler"], path: "Sources/CPoppler",
            linkerSettings: [.linkedLibrary("poppler-cpp")]),
        .target(
            name: "CTesseract", dependencies: ["SystemTesseract"], path: "Sources/CTesseract",
            linkerSettings: [.linkedLibrary("tesseract")]),
        // Allocator settings for long ingests (glibc's mallopt; nothing elsewhere).
        .target(name: "CMalloc", path: "Sources/CMalloc"),

        // MARK: shared low-level pieces (checksums, binary encoding)
        .target(name: "DMKMCore", dependencies: ["SystemZlib", .product(name: "Crypto", package: "swift-crypto")]),

        // MARK: analysis: normalization, script runs, Thai segmentation, English stemming
        .target(
            name: "DMKMAnalysis", dependencies: ["DMKMCore", "CICU", "CThai"],
            resources: [.copy("Resources")]),

        // MARK: index: schema, segments, postings, commits, merges
        .target(name: "DMKMIndex", dependencies: ["DMKMCore", "DMKMAnalysis"]),

        // MARK: search: query language, BM25F, pruning, snippets, evaluation
        .target(name: "DMKMSearch", dependencies: ["DMKMIndex", "DMKMAnalysis"]),

        // MARK: extract: one extractor per format, sniffing, sidecar metadata, limits
        .target(
            name: "DMKMExtract",
            dependencies: [
                "DMKMIndex", "DMKMAnalysis", "CICU", "CLibXML2", "CPoppler", "CTesseract", "SystemZlib",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Yams", package: "Yams"),
            ]),

        // MARK: ingest: the pipeline from submitted files and JSONL to the index
        .target(name: "DMKMIngest", dependencies: ["DMKMIndex", "DMKMAnalysis", "DMKMExtract", "DMKMRepository", "CMalloc"]),

        // MARK: repository: access and embargo rules, award tags, catalogue, OAI-PMH
        .target(name: "DMKMRepository", dependencies: ["DMKMSearch", "DMKMIndex", "DMKMCore"]),

        // MARK: serve: HTTP API, search page, OpenAPI
        .target(
            name: "DMKMServer",
            dependencies: [
                "DMKMCore", "DMKMSearch", "DMKMIndex", "DMKMIngest", "DMKMExtract", "DMKMAnalysis", "DMKMRepository", "CMalloc",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")]),

        // MARK: executables
        .executableTarget(
            name: "dmkm",
            dependencies: [
                "DMKMAnalysis", "DMKMIndex", "DMKMSearch", "DMKMIngest", "DMKMRepository", "DMKMServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "bench", dependencies: ["DMKMCore", "DMKMAnalysis", "DMKMIndex", "DMKMSearch", "DMKMExtract"]),

        // MARK: tests
        .testTarget(name: "DMKMAnalysisTests", dependencies: ["DMKMAnalysis"]),
        .testTarget(name: "DMKMIndexTests", dependencies: ["DMKMIndex", "DMKMAnalysis"]),
        .testTarget(name: "DMKMSearchTests", dependencies: ["DMKMSearch", "DMKMIndex", "DMKMAnalysis"]),
        .testTarget(name: "DMKMExtractTests", dependencies: ["DMKMExtract", "DMKMIndex", "DMKMAnalysis"]),
        .testTarget(name: "DMKMRepositoryTests", dependencies: ["DMKMRepository", "DMKMSearch", "DMKMIndex", "DMKMAnalysis", "DMKMIngest"]),
        .testTarget(name: "DMKMServerTests", dependencies: ["DMKMServer", "DMKMIndex", "DMKMAnalysis", "DMKMRepository", "DMKMIngest"]),
        // Runs the built `dmkm` binary as a subprocess, as users and scripts do.
        .testTarget(name: "DMKMCLITests", dependencies: ["dmkm", "DMKMIndex"]),
    ]
)
