import Foundation
import TupuExtract
import TupuFuzzSupport

/// The bundled rules, loaded once per process.
let extractor: Extractor? = try? Extractor(rules: RuleSet.load())

#if TUPU_FUZZ
/// libFuzzer's entry point: the bytes as (lossy UTF-8) article text through ``ExtractFuzzing``.
/// Built by `scripts/fuzz.sh extract SECONDS`, which passes `-sanitize=fuzzer` and `-DTUPU_FUZZ`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let extractor else { fatalError("the bundled lexicons do not load") }
    do {
        try ExtractFuzzing.check(bytes: UnsafeBufferPointer(start: data, count: size), extractor: extractor)
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

/// SwiftPM links every executable with `main` renamed to `TupuFuzzExtract_main`, so libFuzzer's own
/// `main` is never used: this is the program's entry point and hands over to libFuzzer's driver.
@_cdecl("TupuFuzzExtract_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzz)
}
#else
/// Without the fuzzer: replays input files (crash artifacts, corpus files) through the same checks.
@main
enum FuzzExtract {
    static func main() {
        guard let extractor else {
            print("the bundled lexicons do not load")
            exit(1)
        }
        FuzzReplay.main(target: "extract", inputKind: "an article") { bytes in
            let extraction = try ExtractFuzzing.check(bytes: bytes, extractor: extractor)
            return "\(extraction.mentions.count) mentions, \(extraction.facts.count) facts"
        }
    }
}
#endif
