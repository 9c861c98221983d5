// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Tupu",
    products: [
        .executable(name: "tupu", targets: ["tupu"]),
        .library(name: "TupuModel", targets: ["TupuModel"]),
        .library(name: "TupuExtract", targets: ["TupuExtract"]),
        .library(name: "TupuStore", targets: ["TupuStore"]),
        .library(name: "TupuIngest", targets: ["TupuIngest"]),
        .library(name: "TupuRender", targets: ["TupuRender"]),
        .library(name: "TupuExport", targets: ["TupuExport"]),
        .library(name: "TupuQuery", targets: ["TupuQuery"]),
        .library(name: "TupuEval", targets: ["TupuEval"]),
        .executable(name: "tupu-bench", targets: ["tupu-bench"]),
        .library(name: "TupuBench", targets: ["TupuBench"]),
        .library(name: "TupuTagger", targets: ["TupuTagger"]),
        .executable(name: "tupu-train", targets: ["tupu-train"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Graphviz's C API (libgvc + libcgraph), found through pkg-config.
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        // zlib, to store document text compressed.
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // LZ4, to store document text so that it decodes fast (``TextCompression``).
        .systemLibrary(
            name: "CLZ4",
            providers: [.apt(["liblz4-dev"])]
        ),
        // glibc's malloc extensions: the bulk load gives freed memory back before building indexes.
        .systemLibrary(name: "CMalloc"),
        // SQLite's process-wide configuration (`sqlite3_config` is variadic: Swift calls a wrapper).
        .systemLibrary(name: "CSQLiteConfig", providers: [.apt(["libsqlite3-dev"])]),
        // Value types shared by every stage: entities, predicates, triples, evidence.
        // Its one resource is the list of surnames, read by the extractor (with the other
        // lexicons), by the pinyin labels (compound surnames) and by the tagger's training.
        .target(name: "TupuModel", resources: [.copy("Resources/surnames.txt")]),
        // Text → facts. Pure: no file or database I/O besides loading its bundled lexicons.
        .target(
            name: "TupuExtract",
            dependencies: ["TupuModel", "TupuTagger"],
            resources: [.copy("Resources/lexicons")]
        ),
        // Scoring extraction against gold files. Pure.
        .target(name: "TupuEval", dependencies: ["TupuModel"]),
        // The query language: parsing to a syntax tree, and checks of kinds. Pure; knows no storage.
        .target(name: "TupuQuery", dependencies: ["TupuModel"]),
        // The SQLite store (GRDB on the system libsqlite3), and the compiler of queries to its SQL.
        .target(
            name: "TupuStore",
            dependencies: [
                "TupuModel",
                "TupuQuery",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The C API of the same system SQLite, for the batch writer's hot inserts.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                "CZlib",
                "CLZ4",
                "CMalloc",
                "CSQLiteConfig",
            ]
        ),
        // Finding, reading and decoding document files, and the parallel file ingest into a store.
        .target(name: "TupuIngest", dependencies: ["TupuModel", "TupuStore"]),
        // DOT writing and in-process Graphviz layout/rendering.
        .target(name: "TupuRender", dependencies: ["TupuModel", "CGraphviz"]),
        // A small read-only HTTP server on 127.0.0.1 for `tupu serve` (POSIX sockets, no dependency).
        .target(name: "TupuServe"),
        // Line formats other tools read (TSV, JSON Lines).
        .target(name: "TupuExport", dependencies: ["TupuModel"]),
        // The thin command line.
        .executableTarget(
            name: "tupu",
            dependencies: [
                "TupuModel", "TupuExtract", "TupuStore", "TupuIngest", "TupuRender", "TupuExport", "TupuQuery", "TupuEval", "TupuTagger", "TupuServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TupuExtractTests", dependencies: ["TupuExtract"]),
        .testTarget(name: "TupuStoreTests", dependencies: ["TupuStore", "TupuIngest", "TupuExtract", "TupuExport"]),
        .testTarget(name: "TupuRenderTests", dependencies: ["TupuRender"]),
        .testTarget(name: "TupuExportTests", dependencies: ["TupuExport"]),
        .testTarget(name: "TupuEvalTests", dependencies: ["TupuEval", "TupuExtract"]),
        // Hostile names through every stage: store, query, DOT, SVG, exports.
        .testTarget(name: "TupuIntegrationTests", dependencies: ["TupuStore", "TupuQuery", "TupuRender", "TupuExport"]),
        .testTarget(name: "TupuQueryTests", dependencies: ["TupuQuery", "TupuStore", "TupuIngest", "TupuExtract"]),
        // Runs the built `tupu` executable as a user would.
        .testTarget(name: "TupuCLITests", dependencies: ["tupu", "TupuModel", "TupuBench"], exclude: ["Help"]),
        // Fuzzing: the properties every input must keep, shared by the libFuzzer targets and the tests.
        .target(name: "TupuFuzzSupport", dependencies: ["TupuModel", "TupuQuery", "TupuStore", "TupuExtract"]),
        // libFuzzer targets, built by scripts/fuzz.sh with -sanitize=fuzzer and -DTUPU_FUZZ; a plain
        // build gives a command that replays input files through the same checks.
        .executableTarget(name: "TupuFuzzQuery", dependencies: ["TupuFuzzSupport"]),
        .executableTarget(name: "TupuFuzzExtract", dependencies: ["TupuFuzzSupport", "TupuExtract"]),
        // Deterministic randomized inputs (seeded) through the same checks, plus the regression cases.
        .testTarget(
            name: "TupuFuzzTests",
            dependencies: ["TupuFuzzSupport", "TupuQuery", "TupuExtract", "TupuModel"],
            exclude: ["Corpus"]
        ),
        // Benchmark: a deterministic corpus generator and the measurements of every stage.
        .target(
            name: "TupuBench",
            dependencies: ["TupuModel", "TupuExtract", "TupuStore", "TupuIngest", "TupuQuery", "TupuRender", "TupuExport"]
        ),
        .executableTarget(
            name: "tupu-bench",
            dependencies: ["TupuBench", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "TupuBenchTests", dependencies: ["TupuBench", "TupuEval", "TupuExtract", "TupuModel"]),
        // A learned recognizer of person, place and organization names (character tagging with an
        // averaged perceptron). Foundation and the model's value types only; the trained model is a bundled resource.
        // Lexicon/name-words.txt is the readable source of the model's known words (from jieba, MIT).
        .target(
            name: "TupuTagger", dependencies: ["TupuModel"], exclude: ["Lexicon"], resources: [.copy("Resources/name-tagger.model")],
            // Loading the model and tagging are the inner loops of every extraction: optimized in
            // debug builds too, so that `swift test` and every debug `tupu` do not wait a second on
            // them. (Unsafe flags keep this package from being another package's dependency; Tupu
            // is an application.)
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Trains and scores the tagger on the People's Daily corpus (scripts/train-model.sh).
        .executableTarget(
            name: "tupu-train",
            dependencies: ["TupuTagger", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "TupuTaggerTests", dependencies: ["TupuTagger"]),
    ],
    swiftLanguageModes: [.v6]
)
