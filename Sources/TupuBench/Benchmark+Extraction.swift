import Dispatch
import Foundation
import Synchronization
import TupuExtract

extension Benchmark {
    /// Extraction alone, on the first `extractionSample` articles held in memory: one thread with
    /// the name model, one thread with the rules alone, then every core. Returns the texts.
    @discardableResult
    func measureExtraction(
        paths: CorpusPaths, extractor: Extractor, cores: Int, _ recorder: Recorder
    ) throws -> [String] {
        let sample = Array(paths.prefix(extractionSample))
        let texts = try sample.map { try String(contentsOfFile: $0, encoding: .utf8) }
        let megabytes = Double(texts.reduce(0) { $0 + $1.utf8.count }) / 1_048_576
        let characters = Double(texts.reduce(0) { $0 + $1.unicodeScalars.count })
        log("extracting \(texts.count) articles (\(String(format: "%.1f", megabytes)) MB) on one thread")
        // Tables built once per process on first use (the traditional-character table, the
        // numeral bitmap) are built before the clock starts, as the lexicons and the model are:
        // the first 50 articles (some in traditional characters) extracted once, untimed.
        var cpuStart = Self.threadSeconds()
        for text in texts.prefix(50) { _ = extractor.extract(text) }
        recorder.add("extract, 1 thread", "first use (tables built once, 50 articles)", Self.threadSeconds() - cpuStart, "s")
        Self.resetPeakResident()
        cpuStart = Self.threadSeconds()
        let (factCount, oneThread) = Self.time { texts.reduce(0) { $0 + extractor.extract($1).facts.count } }
        let oneThreadCPU = Self.threadSeconds() - cpuStart
        recorder.add("extract, 1 thread", "throughput", megabytes / oneThread, "MB/s")
        recorder.add("extract, 1 thread", "throughput by the thread's CPU time", megabytes / oneThreadCPU, "MB/s")
        recorder.add("extract, 1 thread", "characters/s", characters / oneThread, "chars/s")
        recorder.add("extract, 1 thread", "articles/s", Double(texts.count) / oneThread, "articles/s")
        recorder.add("extract, 1 thread", "facts/s", Double(factCount) / oneThread, "facts/s")
        // The same articles with the rules alone, so that the learned name model's cost shows.
        let rulesAlone = Extractor(rules: extractor.rules, tagger: nil)
        cpuStart = Self.threadSeconds()
        let (_, withoutModel) = Self.time { texts.reduce(0) { $0 + rulesAlone.extract($1).facts.count } }
        let withoutModelCPU = Self.threadSeconds() - cpuStart
        recorder.add("extract, 1 thread", "throughput with the rules alone (no name model)", megabytes / withoutModel, "MB/s")
        recorder.add("extract, 1 thread", "throughput with the rules alone, by the thread's CPU time", megabytes / withoutModelCPU, "MB/s")
        recorder.peak("extract, 1 thread")
        log("extracting on \(cores) cores")
        let counter = Atomic<Int>(0)
        let (_, allCores) = Self.time {
            DispatchQueue.concurrentPerform(iterations: texts.count) { index in
                counter.add(extractor.extract(texts[index]).facts.count, ordering: .relaxed)
            }
        }
        recorder.add("extract, \(cores) cores", "throughput", megabytes / allCores, "MB/s")
        recorder.add("extract, \(cores) cores", "characters/s", characters / allCores, "chars/s")
        recorder.add("extract, \(cores) cores", "articles/s", Double(texts.count) / allCores, "articles/s")
        recorder.add("extract, \(cores) cores", "speed-up", oneThread / allCores, "x")
        recorder.peak("extract, \(cores) cores")
        return texts
    }
}

extension Benchmark {
    /// One file of each of `fileSizes`, extracted alone (one sentence repeated, then the
    /// articles joined): throughput should not fall as files grow.
    func measureSingleFiles(texts: [String], extractor: Extractor, _ recorder: Recorder) {
        let joined = texts.prefix(2000).joined(separator: "\n")
        for (label, unit) in [("one sentence", "会议在广州召开。\n"), ("articles", joined + "\n")] {
            var perMegabyteAtOne: Double?
            for size in fileSizes {
                let unitBytes = max(unit.utf8.count, 1)
                var text = String(repeating: unit, count: max(1, size / unitBytes))
                if text.utf8.count < size { text += String(unit.unicodeScalars.prefix(size - text.utf8.count)) }
                let bytes = Double(text.utf8.count) / 1_048_576
                let name = "extract one file, \(label), \(Self.sizeLabel(size))"
                log(name)
                Self.releaseFreedMemory()
                Self.resetPeakResident()
                let (_, seconds) = Self.time { extractor.extract(text).facts.count }
                recorder.add(name, "throughput", bytes / seconds, "MB/s")
                recorder.peak(name)
                if size == 1 << 20 { perMegabyteAtOne = seconds / bytes }
                if size > 1 << 20, let perMegabyteAtOne {
                    recorder.add(name, "time per MB / at 1 MB", seconds / bytes / perMegabyteAtOne, "x")
                }
            }
        }
    }
}

extension Benchmark {
    /// Gives the memory that earlier stages freed back to the system (glibc keeps freed heap
    /// pages resident otherwise), so that a stage's peak is what the stage itself holds, not what
    /// the previous one left behind.
    static func releaseFreedMemory() {
        #if canImport(Glibc)
        // glibc's malloc_trim, looked up at run time (the Glibc module does not export it).
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        let trim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        _ = trim(0)
        #endif
    }
}
