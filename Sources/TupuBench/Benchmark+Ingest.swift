import Foundation
import TupuExtract
import TupuIngest
import TupuStore

extension Benchmark {
    /// Ingests the corpus end to end into a fresh database, as `tupu ingest` does (files read,
    /// extracted and stored in batches), and records its speed and the store's size.
    func measureIngest(
        corpus: GeneratedCorpus, extractor: Extractor, cores: Int, databasePath: String, _ recorder: Recorder
    ) throws -> StoreStats {
        let fileManager = FileManager.default
        let options = IngestOptions()
        log(
            "ingesting into a fresh database (batches of \(options.batchSize), grouped up to \(options.grouping.documents) documents "
                + "or \(options.grouping.seconds) s a transaction, \(cores) extraction threads)")
        for suffix in ["", "-wal", "-shm"] {  // a kept folder's database from an earlier run
            try? fileManager.removeItem(atPath: databasePath + suffix)
        }
        Self.resetPeakResident()
        let summary: IngestSummary
        let stats: StoreStats
        do {
            let store = try Store(path: databasePath)
            summary = try store.ingest(files: corpus.paths, extract: { extractor.extract($0) })
            stats = try store.stats()
        }
        recorder.peak("ingest")
        let ingestTime = summary.seconds
        // The store is closed: the write-ahead log is checkpointed into the file and removed.
        let databaseBytes = ["", "-wal", "-shm"].reduce(0) { total, suffix in
            let size = (try? fileManager.attributesOfItem(atPath: databasePath + suffix)[.size] as? Int) ?? nil
            return total + (size ?? 0)
        }
        let triples = Double(max(stats.triples, 1))
        recorder.add("ingest", "articles/s", Double(articles) / ingestTime, "articles/s")
        recorder.add("ingest", "MB/s of text", Double(corpus.bytes) / 1_048_576 / ingestTime, "MB/s")
        recorder.add("ingest", "triples/s (distinct, final)", Double(stats.triples) / ingestTime, "triples/s")
        recorder.add("ingest", "evidence rows/s", Double(stats.evidence) / ingestTime, "rows/s")
        recorder.add("ingest", "writer alone: triples/s", Double(stats.triples) / max(summary.writeSeconds, 1e-9), "triples/s")
        recorder.add("ingest", "writer alone: evidence rows/s", Double(stats.evidence) / max(summary.writeSeconds, 1e-9), "rows/s")
        recorder.add(
            "ingest", "writer alone, by its thread's CPU time: triples/s", Double(stats.triples) / max(summary.writeCPUSeconds, 1e-9),
            "triples/s")
        recorder.add("ingest", "writer's thread CPU time", summary.writeCPUSeconds, "s")
        recorder.add("ingest", "triples", Double(stats.triples), "triples")
        recorder.add("ingest", "evidence rows", Double(stats.evidence), "rows")
        recorder.add("ingest", "mentions", Double(stats.mentions), "rows")
        recorder.add("ingest", "entities", Double(stats.entities), "entities")
        recorder.add("ingest", "database size", Double(databaseBytes) / 1_048_576, "MB")
        recorder.add("ingest", "database bytes per triple", Double(databaseBytes) / triples, "B/triple")
        recorder.add("ingest", "database size per million triples", Double(databaseBytes) / triples, "MB")
        recorder.add("ingest", "corpus bytes per triple", Double(corpus.bytes) / triples, "B/triple")
        return stats
    }
}
