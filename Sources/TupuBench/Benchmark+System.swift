import Foundation
import TupuStore

extension Benchmark {
    /// The highest resident set size of this process so far (VmHWM), in bytes; 0 when unknown.
    public static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            if let kilobytes = digits.first { return kilobytes * 1024 }
        }
        return 0
    }

    /// Resets the high-water mark of resident memory (Linux: `echo 5 > /proc/self/clear_refs`),
    /// so the next ``peakResidentBytes()`` is that of the stage since; does nothing elsewhere.
    /// The memory freed so far is given back to the system first (glibc keeps it for later
    /// allocations, resident), so a stage's peak does not count what the stages before it
    /// freed: the corpus generator's before the ingest's, for one.
    static func resetPeakResident() {
        Store.returnFreedMemory()
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        try? handle.write(contentsOf: Data("5".utf8))
        try? handle.close()
    }

    /// `1 KB`, `16 MB`: a size that is a whole number of KB or MB.
    static func sizeLabel(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes.isMultiple(of: 1 << 20) ? "\(bytes >> 20) MB"
            : bytes >= 1 << 10 && bytes.isMultiple(of: 1 << 10) ? "\(bytes >> 10) KB" : "\(bytes) bytes"
    }

    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        return (result, (clock.now - start).seconds)
    }

    /// CPU time used by the calling thread, in seconds: unlike wall time, it does not count the
    /// time other processes of a shared machine take from it.
    static func threadSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// CPU time used by the whole process, in seconds (every thread).
    static func processSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
