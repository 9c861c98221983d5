// The C standard output stream, which `print` writes through. This file imports only Glibc
// (with @preconcurrency) because Swift 6 refuses to read the C global `stdout` where
// Foundation is imported; the stream is used from the main thread and at exit only.
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

enum CStandardOutput {
    /// Writes what `print` buffered; false when that or an earlier write failed (errno says why).
    static func flush() -> Bool {
        fflush(stdout) == 0 && ferror(stdout) == 0
    }
}
