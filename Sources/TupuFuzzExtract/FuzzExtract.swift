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

/// SwiftPM renames this executable's `main` to `TupuFuzzExtract_main`: hand over to libFuzzer.
@_cdecl("TupuFuzzExtract_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc: argc, argv: argv, testOneInput: fuzz)
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
