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

/// libFuzzer's driver (`libclang_rt.fuzzer`), which parses the command line and runs the inputs.
@_extern(c, "LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links every executable with `main` renamed to `TupuFuzzQuery_main`, so libFuzzer's own
/// `main` is never used: this is the program's entry point and hands over to libFuzzer's driver.
@_cdecl("TupuFuzzQuery_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzz)
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
