import Foundation
import TupuFuzzSupport

#if TUPU_FUZZ
/// libFuzzer's entry point: the bytes as (lossy UTF-8) query text through ``QueryFuzzing``.
/// Built by `scripts/fuzz.sh query SECONDS`, which passes `-sanitize=fuzzer` and `-DTUPU_FUZZ`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do {
        _ = try QueryFuzzing.check(bytes: UnsafeBufferPointer(start: data, count: size))
    } catch {
        fatalError(error.description)
    }
    return 0
}

/// SwiftPM renames this executable's `main` to `TupuFuzzQuery_main`: hand over to libFuzzer.
@_cdecl("TupuFuzzQuery_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc: argc, argv: argv, testOneInput: fuzz)
}
#else
/// Without the fuzzer: replays input files (crash artifacts, corpus files) through the same checks.
@main
enum FuzzQuery {
    static func main() {
        FuzzReplay.main(target: "query", inputKind: "a query") { bytes in
            "\(try QueryFuzzing.check(bytes: bytes))"
        }
    }
}
#endif
