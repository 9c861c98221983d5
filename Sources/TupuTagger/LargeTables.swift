#if canImport(Glibc)
import Glibc
#endif

/// Arrays for the model's large lookup tables (the known words, the weights): several
/// megabytes read at random, one cache line here and one there, so that with 4 KB pages most
/// reads also miss the TLB. On Linux such an array asks for transparent huge pages
/// (`madvise(MADV_HUGEPAGE)`, which the default `madvise` mode honours) before its memory is
/// first written, so that its pages are 2 MB where the kernel can give them. The contents are
/// those of `Array(repeating:count:)`; only the pages differ.
enum LargeTables {
    /// Below this many bytes an array is left alone (it fits in a few pages anyway).
    static let threshold = 2 << 20
    static let hugePage = 2 << 20

    static func array<T: BitwiseCopyable>(repeating value: T, count: Int) -> [T] {
        let bytes = count * MemoryLayout<T>.stride
        guard bytes >= threshold else { return [T](repeating: value, count: count) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress {
                adviseHugePages(UnsafeMutableRawPointer(base), bytes: bytes)
                base.initialize(repeating: value, count: count)
            }
            initialized = count
        }
    }

    /// Asks for huge pages on the whole 2 MB pages inside `bytes` bytes at `start`.
    private static func adviseHugePages(_ start: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux) && canImport(Glibc)
        let address = UInt(bitPattern: start)
        let first = (address + UInt(hugePage) - 1) & ~UInt(hugePage - 1)
        let last = (address + UInt(bytes)) & ~UInt(hugePage - 1)
        guard last > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
        // A refusal (an old kernel, huge pages turned off) leaves ordinary pages: nothing to report.
        _ = madvise(aligned, Int(last - first), MADV_HUGEPAGE)
        #endif
    }
}
