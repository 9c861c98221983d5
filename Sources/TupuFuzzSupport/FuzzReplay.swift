import Foundation

/// The command a fuzz target builds to without the fuzzer: it replays input files (crash
/// artifacts, corpus files) through the same checks the fuzz target runs.
public enum FuzzReplay {
    /// Checks each file named on the command line with `check`, which returns a one-line summary
    /// or throws the broken property; exits 1 when any file fails.
    public static func main(target: String, inputKind: String, check: (UnsafeBufferPointer<UInt8>) throws -> String) -> Never {
        let paths = CommandLine.arguments.dropFirst()
        guard !paths.isEmpty else {
            print("""
                usage: TupuFuzz\(target.capitalized) FILE…   checks each file as \(inputKind), as the fuzz target does
                To fuzz with libFuzzer: scripts/fuzz.sh \(target) SECONDS
                """)
            exit(0)
        }
        var failed = false
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot read")
                failed = true
                continue
            }
            do {
                let summary = try data.withUnsafeBytes { raw in try check(raw.bindMemory(to: UInt8.self)) }
                print("\(path): ok (\(summary))")
            } catch {
                print("\(path): \(error)")
                failed = true
            }
        }
        exit(failed ? 1 : 0)
    }
}
