#if TUPU_FUZZ
/// libFuzzer's driver (`libclang_rt.fuzzer`), which parses the command line and runs the inputs.
@_extern(c, "LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The entry point of every fuzz target: SwiftPM links each executable with `main` renamed to
/// `TARGET_main`, so libFuzzer's own `main` is never used; the target's renamed `main` calls this,
/// which hands the command line over to libFuzzer's driver with the target's `testOneInput`.
public func runLibFuzzer(
    argc: CInt, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    testOneInput: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, testOneInput)
}
#endif
