import Foundation
import Testing
import TupuExtract
import TupuModel
@testable import TupuIngest
@testable import TupuStore

/// SourceDocument.read: encodings, and the files it refuses (undecodable, empty, binary,
/// too large) with their own errors.
@Suite struct EncodingTests {
    static let seedPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds/000_74a9a881fb5bd59e.txt").path

    private func scratchFolder() throws -> URL {
        try temporaryFolder()
    }

    private func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// GB18030 bytes of `path`'s UTF-8 text, encoded by Python's codecs (an independent encoder).
    private func pythonGB18030(of path: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sys; sys.stdout.buffer.write(open(sys.argv[1], encoding='utf-8').read().encode('gb18030'))",
            path,
        ]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return [UInt8](data)
    }

    private func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        text.utf16.flatMap { unit in
            bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
    }

    @Test func theSeedInEveryEncodingReadsToTheSameTextAndFacts() throws {
        let folder = try scratchFolder()
        let seedBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.seedPath)))
        let seedText = try #require(String(validating: seedBytes, as: UTF8.self))
        let gb18030 = try pythonGB18030(of: Self.seedPath)
        #expect(String(validating: gb18030, as: UTF8.self) == nil, "GB18030 bytes of Chinese text are not UTF-8")

        let extractor = Extractor(rules: try RuleSet.load())
        let reference = extractor.extract(seedText)
        #expect(reference.facts.count > 40)

        let variants: [(name: String, bytes: [UInt8], encoding: TextEncoding)] = [
            ("utf16le.txt", [0xFF, 0xFE] + utf16(seedText, bigEndian: false), .utf16),
            ("utf16be.txt", [0xFE, 0xFF] + utf16(seedText, bigEndian: true), .utf16),
            ("gb18030.txt", gb18030, .gb18030),
        ]
        for variant in variants {
            let path = try write(variant.bytes, variant.name, in: folder)
            for encoding in [TextEncoding.auto, variant.encoding] {
                let document = try SourceDocument.read(path: path, encoding: encoding)
                #expect(document.text == seedText, "\(variant.name) read as \(encoding)")
                #expect(document.contentHash == SourceDocument.sha256Hex(variant.bytes), "the hash is of the bytes")
                #expect(extractor.extract(document.text) == reference, "\(variant.name)")
            }
            #expect(try SourceDocument.decode(variant.bytes, path: path).encoding == variant.encoding)
        }

        // UTF-8 with a BOM: the BOM stays as U+FEFF, so every offset moves by one code point.
        let bomBytes = [0xEF, 0xBB, 0xBF] + seedBytes
        let bomPath = try write(bomBytes, "utf8bom.txt", in: folder)
        let bomDocument = try SourceDocument.read(path: bomPath)
        #expect(bomDocument.text == "\u{FEFF}" + seedText)
        #expect(bomDocument.contentHash == SourceDocument.sha256Hex(bomBytes))
        let bomFacts = extractor.extract(bomDocument.text).facts
        #expect(bomFacts.map(\.triple) == reference.facts.map(\.triple))
        #expect(bomFacts.map(\.evidence.span.start) == reference.facts.map { $0.evidence.span.start + 1 })
        let scalars = Array(bomDocument.text.unicodeScalars)
        for fact in bomFacts {
            let surface = String(String.UnicodeScalarView(scalars[fact.evidence.span.start..<fact.evidence.span.end]))
            #expect(!surface.isEmpty && !surface.contains("\u{FEFF}"))
        }
        #expect(try SourceDocument.read(path: bomPath, encoding: .utf8).text == bomDocument.text)
    }

    @Test func undecodableFilesReportTheOffsetOfTheFirstBadByte() throws {
        let folder = try scratchFolder()
        // "ab李" then an overlong sequence: not UTF-8 at 5, nor GB18030 (0x80 starts nothing).
        let mixed = try write(Array("ab李".utf8) + [0xC0, 0x80, 0x41], "mixed.txt", in: folder)
        #expect(throws: DocumentError.invalidUTF8(path: mixed, byteOffset: 5)) { try SourceDocument.read(path: mixed) }
        #expect(throws: DocumentError.invalidUTF8(path: mixed, byteOffset: 5)) { try SourceDocument.read(path: mixed, encoding: .utf8) }
        #expect(throws: DocumentError.undecodable(path: mixed, encoding: .gb18030, byteOffset: 6)) {
            try SourceDocument.read(path: mixed, encoding: .gb18030)
        }

        // GB18030 中国 (D6D0 B9FA), then a lead byte with a bad trail byte.
        let gb = try write([0xD6, 0xD0, 0xB9, 0xFA, 0x41, 0x81, 0x20], "gb.txt", in: folder)
        #expect(throws: DocumentError.undecodable(path: gb, encoding: .gb18030, byteOffset: 5)) {
            try SourceDocument.read(path: gb, encoding: .gb18030)
        }
        #expect(throws: DocumentError.invalidUTF8(path: gb, byteOffset: 0)) { try SourceDocument.read(path: gb) }
        #expect(try SourceDocument.read(path: try write([0xD6, 0xD0, 0xB9, 0xFA], "ok.txt", in: folder)).text == "中国")

        // UTF-16LE: 李, then a lone high surrogate at byte 4 (after the BOM and 李).
        let surrogate = try write([0xFF, 0xFE, 0x4E, 0x67, 0x00, 0xD8, 0x41, 0x00], "surrogate.txt", in: folder)
        #expect(throws: DocumentError.undecodable(path: surrogate, encoding: .utf16, byteOffset: 4)) {
            try SourceDocument.read(path: surrogate)
        }
        // UTF-16BE with an odd byte count: the last byte is the bad one.
        let odd = try write([0xFE, 0xFF, 0x67, 0x4E, 0x00], "odd.txt", in: folder)
        #expect(throws: DocumentError.undecodable(path: odd, encoding: .utf16, byteOffset: 4)) { try SourceDocument.read(path: odd) }

        let error = DocumentError.undecodable(path: gb, encoding: .gb18030, byteOffset: 5)
        #expect(error.description.contains(gb) && error.description.contains("offset 5") && error.description.contains("GB18030"))
    }

    @Test func emptyFilesHaveTheirOwnError() throws {
        let folder = try scratchFolder()
        for (name, bytes) in [
            ("zero.txt", [UInt8]()), ("blank.txt", Array(" \r\n\t\n".utf8)), ("bom.txt", [0xEF, 0xBB, 0xBF, 0x0A]),
            ("ideographic-space.txt", Array("\u{3000}\n".utf8)), ("utf16-bom-only.txt", [0xFF, 0xFE]),
        ] {
            let path = try write(bytes, name, in: folder)
            let error = #expect(throws: DocumentError.self) { try SourceDocument.read(path: path) }
            #expect(error == .emptyDocument(path), "\(name)")
            #expect(error?.description == "\(path) is empty (no text); nothing to ingest")
        }
    }

    @Test func binaryFilesHaveTheirOwnError() throws {
        let folder = try scratchFolder()
        let png = try write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], "image.txt", in: folder)
        #expect(throws: DocumentError.binaryDocument(path: png, byteOffset: 8)) { try SourceDocument.read(path: png) }
        #expect(throws: DocumentError.binaryDocument(path: png, byteOffset: 8)) { try SourceDocument.read(path: png, encoding: .gb18030) }
        // A NUL anywhere makes a binary file (it was stored and printed raw when found after 8 KB).
        let late = try write(Array(repeating: 0x41, count: 8 * 1024) + [0x00, 0x41, 0x42], "late.txt", in: folder)
        #expect(throws: DocumentError.binaryDocument(path: late, byteOffset: 8 * 1024)) { try SourceDocument.read(path: late) }
        // UTF-16 text has NUL bytes and is not binary.
        let littleEndian = try write([0xFF, 0xFE] + utf16("Li Xi 李希", bigEndian: false), "utf16.txt", in: folder)
        #expect(try SourceDocument.read(path: littleEndian).text == "Li Xi 李希")
        // Without a BOM, --encoding utf16 guesses the byte order from where the NUL bytes fall.
        let bigEndian = try write(utf16("Li Xi", bigEndian: true), "be.txt", in: folder)
        #expect(try SourceDocument.read(path: bigEndian, encoding: .utf16).text == "Li Xi")
        // Detected too: its NUL bytes all fall on one side of the code units (it was called binary).
        #expect(try SourceDocument.read(path: bigEndian).text == "Li Xi")
        let littleWithoutMark = try write(utf16("李希 Li Xi\n", bigEndian: false), "le.txt", in: folder)
        #expect(try SourceDocument.read(path: littleWithoutMark).text == "李希 Li Xi\n")
    }

    @Test func tooLargeFilesAreRefusedFromTheirSizeWithoutBeingRead() throws {
        let folder = try scratchFolder()
        let url = folder.appendingPathComponent("huge.txt")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        let size: UInt64 = 200 * 1024 * 1024
        try handle.truncate(atOffset: size)  // sparse: no block is written
        try handle.close()
        // All NUL bytes: if it were read it would be a binary file; the size check comes first.
        let error = #expect(throws: DocumentError.self) { try SourceDocument.read(path: url.path) }
        #expect(error == .documentTooLarge(path: url.path, size: Int64(size), limit: Int64(SourceDocument.defaultMaxFileSize)))
        #expect(error?.description.contains("209715200 bytes (200.0 MB)") == true)
        #expect(error?.description.contains("limit of 67108864 bytes (64.0 MB)") == true)

        let small = try write(Array("李希出席会议。".utf8), "small.txt", in: folder)
        #expect(throws: DocumentError.documentTooLarge(path: small, size: 21, limit: 20)) {
            try SourceDocument.read(path: small, maxFileSize: 20)
        }
        #expect(try SourceDocument.read(path: small, maxFileSize: 21).text == "李希出席会议。")
    }
}
