import Foundation
import Testing
import TupuModel

@testable import TupuIngest
@testable import TupuStore

/// `ingest --from-jsonl` reads record lines with a scanner of its own
/// (``DocumentRecord/fastDecode(_:)``), and leaves to `JSONDecoder` every line it does not read:
/// what it reads must be what `JSONDecoder` reads.
@Suite struct RecordDecodingTests {
    static func slow(_ line: String) -> DocumentRecord? {
        try? JSONDecoder().decode(DocumentRecord.self, from: Data(line.utf8))
    }

    static func fast(_ line: String) -> DocumentRecord? {
        Array(line.utf8).withUnsafeBufferPointer(DocumentRecord.fastDecode)
    }

    /// The records extraction writes for the fixture articles and the seed.
    static func writtenLines() throws -> [String] {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds")
        let seedPaths = try FileManager.default.contentsOfDirectory(atPath: seeds.path).filter { $0.hasSuffix(".txt") }
            .map { seeds.appendingPathComponent($0).path }
        return try (BulkLoadTests.articlePaths() + seedPaths).map { path in
            let document = try SourceDocument.read(path, options: IngestOptions()).get()
            let stored = try BulkLoadTests.extract(document.text).identified(contentHash: document.contentHash)
            return try DocumentRecord(document: document, stored: stored).line()
        }
    }

    @Test func theLinesExtractionWritesAreReadAsJSONDecoderReadsThem() throws {
        let lines = try Self.writtenLines()
        #expect(lines.count >= 5)
        for line in lines {
            let fast = try #require(Self.fast(line), "not read: \(line.prefix(200))")
            #expect(fast == Self.slow(line))
            #expect(!fast.facts.isEmpty)
        }
    }

    /// Escapes of every kind (a pair of surrogates too), white space between every token, keys
    /// in another order, null and absent optional fields, a literal object: read as JSONDecoder
    /// reads them.
    @Test func escapesSpacesKeyOrderAndNullsAreReadAsJSONDecoderReadsThem() throws {
        let hash = String(repeating: "ab", count: 32)
        let text = #"李希\"前海\"\\ \/ \b\f\n\r\t \u00e9\u4E2D \ud83d\ude00 \u2028"#
        let lines = [
            #"{"version":1,"document":{"path":"a.txt","source":"a","contentHash":"\#(hash)","title":null,"text":"\#(text)"},"#
                + #""entities":[{"kind":"person","name":"李希"}],"mentions":[{"entity":{"kind":"person","name":"李希"},"start":0,"end":2,"rule":"r"}],"#
                + #""aliases":[],"facts":[{"subject":{"kind":"person","name":"李希"},"predicate":"published_on","object":null,"#
                + #""literal":"2024-01-01","start":0,"end":2,"sentenceStart":0,"sentenceEnd":4,"rule":"r","confidence":0.85}]}"#,
            " { \"facts\" : [ ] ,\n\t\"aliases\" : [ { \"rule\" : \"x\" , \"alias\" : \"希\" , \"entity\" : { \"name\" : \"李希\" , \"kind\" : \"person\" } } ] , "
                + "\"mentions\" : [ ] , \"entities\" : [ { \"name\" : \"李希\" , \"kind\" : \"person\" } ] , "
                + "\"document\" : { \"text\" : \"t\" , \"published\" : \"2024-01-02\" , \"contentHash\" : \"\(hash)\" , \"source\" : \"s\" , \"path\" : \"p\" } , "
                + "\"version\" : 1 } ",
            #"{"version":1,"document":{"path":"a","source":"a","contentHash":"\#(hash)","text":""},"entities":[{"kind":"event","name":"会"},{"kind":"person","name":"甲"}],"#
                + #""mentions":[],"aliases":[],"facts":[{"subject":{"kind":"person","name":"甲"},"predicate":"attended","object":{"kind":"event","name":"会"},"#
                + #""start":0,"end":0,"sentenceStart":0,"sentenceEnd":0,"rule":"r","confidence":1e-1}]}"#,
        ]
        for line in lines {
            let slow = try #require(Self.slow(line), "JSONDecoder does not read \(line)")
            #expect(Self.fast(line) == slow)
        }
        #expect(Self.fast(lines[0])?.document.text == "李希\"前海\"\\ / \u{8}\u{C}\n\r\t é中 😀 \u{2028}")
        #expect(Self.fast(lines[0])?.document.title == nil && Self.fast(lines[1])?.document.published == "2024-01-02")
    }

    /// What the scanner does not read it leaves to JSONDecoder, which reads it or says why not:
    /// a key it does not know, a key given twice, an integer written with a fraction, minus zero,
    /// a lone surrogate, a control character, a number too large, a kind that does not exist.
    @Test func whatTheScannerDoesNotReadIsLeftToJSONDecoder() throws {
        let line = try #require(try Self.writtenLines().first)
        let variants = [
            line.replacingOccurrences(of: "{\"aliases\":", with: "{\"note\":\"x\",\"aliases\":"),
            line.replacingOccurrences(of: "\"version\":1", with: "\"version\":1,\"version\":1"),
            line.replacingOccurrences(of: "\"version\":1", with: "\"version\":1.0"),
            line.replacingOccurrences(of: "\"start\":0", with: "\"start\":-0"),
            line.replacingOccurrences(of: "\"rule\":\"", with: "\"rule\":\"\\ud800"),
            line.replacingOccurrences(of: "\"rule\":\"", with: "\"rule\":\"\u{1}"),
            line.replacingOccurrences(of: "\"confidence\":1,", with: "\"confidence\":1e999,"),
            line.replacingOccurrences(of: "\"rule\":\"", with: "\"rule\":\"\\ud83d \\ude00"),
            line.replacingOccurrences(of: "\"rule\":\"", with: "\"rule\":\"\\u0000"),
            line.replacingOccurrences(of: "\"end\":2,", with: "\"end\":02,"),
            line.replacingOccurrences(of: "\"end\":2,", with: "\"end\":2E0,"),
            "\u{FEFF}" + line,
            line.replacingOccurrences(of: "\"kind\":\"person\"", with: "\"kind\":\"persona\""),
            String(line.dropLast()),
        ]
        for variant in variants {
            #expect(variant != line)
            #expect(Self.fast(variant) == nil)
            let decoded = try? DocumentRecord.decode(Array(variant.utf8), path: "p", line: 1)
            #expect(decoded == Self.slow(variant).flatMap { $0.problem == nil ? $0 : nil })
        }
    }

    /// Lines changed at random (bytes inserted, deleted or replaced, by bytes JSON gives meaning
    /// to): the scanner reads what JSONDecoder reads, or leaves the line to it.
    @Test func aChangedLineIsReadAsJSONDecoderReadsItOrLeftToIt() throws {
        let lines = try Self.writtenLines().map { Array($0.utf8) }
        var random = SplitMix64(seed: 22)
        let alphabet = Array("{}[]:,\"\\ -0123456789.eEnulltrfa\u{1}".utf8) + [0xE4, 0xB8]
        var read = 0
        for _ in 0..<400 {
            var bytes = lines[Int.random(in: 0..<lines.count, using: &random)]
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                let byte = alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes.insert(byte, at: at)
                case 1: bytes.remove(at: at)
                default: bytes[at] = byte
                }
            }
            let fast = bytes.withUnsafeBufferPointer(DocumentRecord.fastDecode)
            let slow = try? JSONDecoder().decode(DocumentRecord.self, from: Data(bytes))
            if let fast {
                read += 1
                #expect(fast == slow, "\(String(decoding: bytes, as: UTF8.self).prefix(300))")
            }
        }
        // Changes inside a name or a text leave lines the scanner reads.
        #expect(read > 20)
    }
}
