import CLZ4
import CZlib
import Foundation
import Synchronization

/// Document text as the store keeps it: UTF-8, compressed with ``TextDictionary`` as a preset
/// dictionary.
///
/// A stored value starts with a 4-byte little-endian header:
/// - since v14, 0xFFFFFFFE, then the length of the UTF-8 text (4 bytes, little-endian), then the
///   text as one LZ4 block made by LZ4's high-compression coder (level 9) with the dictionary,
///   then the Adler-32 sum of the text (4 bytes, big-endian). LZ4 decodes a bench article in a
///   quarter of the time zlib takes (0.23 µs instead of 1.02), and `tupu show` decodes one for
///   each document its facts cite; a text takes about 5% more bytes than with deflate (292
///   instead of 279 on bench articles, 1,466 instead of 1,378 on real ones), and compressing it
///   takes half the time.
/// - from v11 to v13, the length of the UTF-8 text with bit 31 set, then the text as raw deflate
///   (level 6; fixed Huffman codes since v13, dynamic ones before) with the dictionary, then the
///   Adler-32 sum of the text (4 bytes, big-endian, as zlib writes it). Such a header is never
///   0xFFFFFFFE: that would be a text of 2^31 − 2 bytes, and SQLite keeps no value over 10^9.
/// - before, the length of the text, then a zlib stream (`compress2`, level 6).
/// - 0xFFFFFFFF, then the raw UTF-8 (kept when compression fails).
///
/// Values of every kind are read; new ones are written with LZ4.
enum TextCompression {
    /// The stored form of `text` (LZ4 with the dictionary; raw when LZ4 cannot take it).
    ///
    /// The coders' states (about 256 KiB) are kept and used again from text to text
    /// (``LZ4Coder``), one per thread at a time: setting one up for each text was most of the
    /// time of compressing a short one.
    static func compress(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        let coder = lz4Coders.withLock { $0.popLast() } ?? LZ4Coder()
        defer { lz4Coders.withLock { $0.append(coder) } }
        return coder.compress(utf8) ?? [0xFF, 0xFF, 0xFF, 0xFF] + utf8
    }

    /// The stored form of `text` as v11 to v13 wrote it (raw deflate with the dictionary, fixed
    /// codes). Stores written then hold such values; tests make them with this.
    static func deflated(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        let deflater = deflaters.withLock { $0.popLast() } ?? Deflater()
        defer { deflaters.withLock { $0.append(deflater) } }
        return deflater.compress(utf8) ?? [0xFF, 0xFF, 0xFF, 0xFF] + utf8
    }

    /// The LZ4 coders not in use (at most one a thread that compresses at once).
    private static let lz4Coders = Mutex<[LZ4Coder]>([])
    /// The deflate streams not in use.
    private static let deflaters = Mutex<[Deflater]>([])

    /// The first four bytes of an LZ4 value.
    static let lz4Marker: UInt32 = 0xFFFF_FFFE
    /// The level of LZ4's high-compression coder: its default. Level 4 saves 5% of the time for
    /// 0.2% more bytes, level 12 costs half as much time again for 0.2% fewer.
    private static let lz4Level: Int32 = 9

    /// LZ4's high-compression state, with the dictionary loaded again for each text (that resets
    /// it, so a text's bytes do not depend on the texts before it); used by one thread at a time.
    final class LZ4Coder: @unchecked Sendable {
        private let state: UnsafeMutablePointer<LZ4_streamHC_t>?

        init() {
            state = LZ4_createStreamHC()
        }

        deinit {
            LZ4_freeStreamHC(state)
        }

        /// The stored form of these UTF-8 bytes, or nil when LZ4 cannot take them (over about 2 GB,
        /// or out of memory; the caller then keeps the text raw rather than lose it).
        func compress(_ utf8: [UInt8]) -> [UInt8]? {
            let length = utf8.count
            guard let state, length <= Int(LZ4_MAX_INPUT_SIZE) else { return nil }
            let bound = Int(LZ4_compressBound(Int32(length)))
            var output = [UInt8](repeating: 0, count: 8 + bound + 4)
            let written = TextDictionary.bytes.withUnsafeBufferPointer { dictionary -> Int32 in
                dictionary.withMemoryRebound(to: CChar.self) { dictionary in
                    LZ4_resetStreamHC_fast(state, TextCompression.lz4Level)
                    guard LZ4_loadDictHC(state, dictionary.baseAddress, Int32(dictionary.count)) == Int32(dictionary.count)
                    else { return 0 }
                    return utf8.withUnsafeBytes { input in
                        output.withUnsafeMutableBytes { out in
                            LZ4_compress_HC_continue(
                                state, input.baseAddress?.assumingMemoryBound(to: CChar.self),
                                out.baseAddress.map { ($0 + 8).assumingMemoryBound(to: CChar.self) }, Int32(length), Int32(bound))
                        }
                    }
                }
            }
            // An empty text compresses to one byte; zero means LZ4 failed.
            guard written > 0 else { return nil }
            TextCompression.putLittleEndian(TextCompression.lz4Marker, into: &output, at: 0)
            TextCompression.putLittleEndian(UInt32(length), into: &output, at: 4)
            let end = 8 + Int(written)
            let sum = TextCompression.adler(utf8)
            for index in 0..<4 { output[end + index] = UInt8(truncatingIfNeeded: sum >> (24 - 8 * index)) }
            output.removeSubrange((end + 4)...)
            return output
        }
    }

    /// A raw deflate stream with ``TextDictionary``, reset for each text; used by one thread at
    /// a time.
    final class Deflater: @unchecked Sendable {
        private let stream: UnsafeMutablePointer<z_stream>
        private var initialized = false

        init() {
            stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
        }

        deinit {
            if initialized { deflateEnd(stream) }
            stream.deinitialize(count: 1)
            stream.deallocate()
        }

        /// The v11 form of these UTF-8 bytes, or nil when deflate fails.
        func compress(_ utf8: [UInt8]) -> [UInt8]? {
            let length = utf8.count
            guard length < 1 << 31 else { return nil }
            if initialized {
                guard deflateReset(stream) == Z_OK else { return nil }
            } else {
                guard deflateInit2_(stream, 6, Z_DEFLATED, -15, 8, Z_FIXED, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
                else { return nil }
                initialized = true
            }
            let dictionarySet = TextDictionary.bytes.withUnsafeBufferPointer { dictionary in
                deflateSetDictionary(stream, dictionary.baseAddress, uInt(dictionary.count)) == Z_OK
            }
            guard dictionarySet else { return nil }
            let bound = Int(deflateBound(stream, uLong(length)))
            var output = [UInt8](repeating: 0, count: 4 + bound + 4)
            TextCompression.putLittleEndian(UInt32(length) | 0x8000_0000, into: &output, at: 0)
            let finished = output.withUnsafeMutableBufferPointer { out in
                utf8.withUnsafeBufferPointer { input in
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                    stream.pointee.avail_in = uInt(length)
                    stream.pointee.next_out = out.baseAddress.map { $0 + 4 }
                    stream.pointee.avail_out = uInt(bound)
                    return deflate(stream, Z_FINISH) == Z_STREAM_END
                }
            }
            guard finished else { return nil }
            let end = 4 + Int(stream.pointee.total_out)
            let sum = TextCompression.adler(utf8)
            for index in 0..<4 { output[end + index] = UInt8(truncatingIfNeeded: sum >> (24 - 8 * index)) }
            output.removeSubrange((end + 4)...)
            return output
        }
    }

    fileprivate static func putLittleEndian(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    /// The Adler-32 sum of some bytes.
    fileprivate static func adler(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(adler32(adler32(0, nil, 0), bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
    }

    fileprivate static func adler(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { adler($0) }
    }

    /// The big-endian sum in the last four bytes of `input`.
    fileprivate static func storedSum(_ input: UnsafeRawBufferPointer) -> UInt32 {
        var stored: UInt32 = 0
        for byte in input.suffix(4) { stored = stored << 8 | UInt32(byte) }
        return stored
    }

    /// Inflates a raw deflate stream made with ``TextDictionary`` into `output` (the text's size
    /// and ``inflateSlack`` bytes more) with `stream` (initialized for raw inflate), and checks
    /// the Adler-32 sum that follows it in `input`. False when the value is damaged.
    fileprivate static func inflateWithDictionary(
        _ stream: UnsafeMutablePointer<z_stream>, _ input: UnsafeRawBufferPointer, _ output: UnsafeMutableBufferPointer<UInt8>
    ) -> Bool {
        guard input.count >= 4, let source = input.baseAddress, let target = output.baseAddress else { return false }
        let dictionarySet = TextDictionary.bytes.withUnsafeBufferPointer { dictionary in
            inflateSetDictionary(stream, dictionary.baseAddress, uInt(dictionary.count)) == Z_OK
        }
        guard dictionarySet else { return false }
        // zlib decodes with its fast loop only while 6 bytes of input and 258 of output are left,
        // and byte by byte after: so it is given the sum's 4 bytes as input it will not read, and
        // ``inflateSlack`` bytes of room past the text, and the text must end where its length says.
        stream.pointee.next_in = UnsafeMutablePointer(mutating: source.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        stream.pointee.next_out = target
        stream.pointee.avail_out = uInt(output.count)
        let length = output.count - inflateSlack
        guard length >= 0, inflate(stream, Z_FINISH) == Z_STREAM_END, Int(stream.pointee.total_out) == length,
            stream.pointee.avail_in == 4
        else { return false }
        return adler(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(output)[..<length])) == storedSum(input)
    }

    /// The room past a text's end that lets zlib decode all of it with its fast loop (the
    /// longest match deflate writes, 258 bytes).
    fileprivate static let inflateSlack = 258

    /// What the header of a stored value says: the raw UTF-8 follows it, a zlib stream of a text
    /// of `length` bytes, (v11 to v13) a raw deflate stream of a text of `length` bytes made with
    /// the dictionary, and its sum, or (since v14) an LZ4 block of such a text, and its sum.
    enum Header: Equatable {
        case raw
        case compressed(length: Int)
        case withDictionary(length: Int)
        case lz4(length: Int)

        /// The bytes the header takes.
        var size: Int {
            if case .lz4 = self { return 8 }
            return 4
        }
    }

    /// The header of a stored value, or nil when it is damaged.
    static func header(of stored: some ContiguousBytes) -> Header? {
        stored.withUnsafeBytes(header(ofBytes:))
    }

    fileprivate static func header(ofBytes stored: UnsafeRawBufferPointer) -> Header? {
        guard stored.count >= 4 else { return nil }
        let first = stored.loadUnaligned(as: UInt32.self).littleEndian
        switch first {
        case 0xFFFF_FFFF:
            return .raw
        case lz4Marker:
            guard stored.count >= 8 else { return nil }
            return .lz4(length: Int(stored.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian))
        default:
            let length = Int(first)
            return length < 1 << 31 ? .compressed(length: length) : .withDictionary(length: length & 0x7FFF_FFFF)
        }
    }

    /// The length in bytes of the UTF-8 text of a stored value, as its header says (nil when damaged).
    static func length(of stored: some ContiguousBytes) -> Int? {
        stored.withUnsafeBytes { bytes -> Int? in
            switch header(ofBytes: bytes) {
            case .raw: bytes.count - 4
            case .compressed(let length), .withDictionary(let length), .lz4(let length): length
            case nil: nil
            }
        }
    }

    /// The text of a stored value, or nil when the value is damaged.
    static func decompress(_ stored: [UInt8]) -> String? {
        Inflater().utf8(Data(stored)).flatMap { String(validating: $0, as: UTF8.self) }
    }
}

extension TextCompression {
    /// Decodes stored texts one after another, with one zlib stream of each kind reset between
    /// texts instead of allocating zlib's state and its 32 KiB window for each (`uncompress`):
    /// for the few hundred short articles a `show` reads, that allocation was most of the time.
    /// One inflater serves one thread.
    final class Inflater {
        /// A zlib stream (texts stored before v11) and a raw deflate stream (texts stored with
        /// the dictionary from v11 to v13), each set up when first needed.
        private let stream: UnsafeMutablePointer<z_stream>
        private let rawStream: UnsafeMutablePointer<z_stream>
        private var initialized = false
        private var rawInitialized = false

        init() {
            stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            rawStream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            rawStream.initialize(to: z_stream())
        }

        deinit {
            if initialized { inflateEnd(stream) }
            if rawInitialized { inflateEnd(rawStream) }
            stream.deinitialize(count: 1)
            stream.deallocate()
            rawStream.deinitialize(count: 1)
            rawStream.deallocate()
        }

        /// The UTF-8 bytes of a stored value, or nil when the value is damaged (or, stored raw,
        /// is not UTF-8). A compressed value's sum was checked: its bytes are those that were
        /// compressed, the UTF-8 of a String, so they need no validating again.
        ///
        /// With `codePoints`, a text stored with LZ4 may be decoded only as far as it must be to
        /// hold its first `codePoints` code points (at most four bytes each): the bytes given are
        /// then a prefix of the text, cut at a code point's end, that holds at least those code
        /// points. `show` cuts a sentence or two from each of the documents its facts cite. A
        /// prefix is not checked against the sum, which covers the whole text: a damaged value is
        /// then found only when LZ4 finds the block malformed, and bytes that are not UTF-8 show
        /// as replacement characters where they are cut.
        func utf8(_ stored: Data, codePoints: Int = .max) -> [UInt8]? {
            stored.withUnsafeBytes { bytes in utf8(bytes, codePoints: codePoints) }
        }

        private func utf8(_ stored: UnsafeRawBufferPointer, codePoints: Int) -> [UInt8]? {
            guard let header = TextCompression.header(ofBytes: stored) else { return nil }
            let body = UnsafeRawBufferPointer(rebasing: stored[header.size...])
            switch header {
            case .raw:
                let bytes = Array(body)
                return String(validating: bytes, as: UTF8.self) == nil ? nil : bytes
            case .lz4(let length):
                let (limit, overflow) = codePoints.multipliedReportingOverflow(by: 4)
                return Self.lz4(body, length: length, prefix: overflow ? nil : limit)
            case .withDictionary(let length):
                if length == 0 { return [] }
                var output = [UInt8](repeating: 0, count: length + TextCompression.inflateSlack)
                let complete = output.withUnsafeMutableBufferPointer { out -> Bool in
                    guard startRaw() else { return false }
                    return TextCompression.inflateWithDictionary(rawStream, body, out)
                }
                guard complete else { return nil }
                output.removeLast(TextCompression.inflateSlack)
                return output
            case .compressed(let length):
                if length == 0 { return [] }
                var output = [UInt8](repeating: 0, count: length)
                let complete = output.withUnsafeMutableBufferPointer { out -> Bool in
                    guard let source = body.baseAddress, let target = out.baseAddress else { return false }
                    if initialized {
                        guard inflateReset(stream) == Z_OK else { return false }
                    } else {
                        guard inflateInit_(stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
                        initialized = true
                    }
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: source.assumingMemoryBound(to: Bytef.self))
                    stream.pointee.avail_in = uInt(body.count)
                    stream.pointee.next_out = target
                    stream.pointee.avail_out = uInt(length)
                    // Z_FINISH with room for the whole text: one call, and no window kept; at
                    // Z_STREAM_END zlib has checked the stream's Adler-32 sum.
                    return inflate(stream, Z_FINISH) == Z_STREAM_END && Int(stream.pointee.total_out) == length
                }
                return complete ? output : nil
            }
        }

        /// Readies the raw stream for a new text: set up the first time, reset after.
        private func startRaw() -> Bool {
            if rawInitialized { return inflateReset(rawStream) == Z_OK }
            guard inflateInit2_(rawStream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
            rawInitialized = true
            return true
        }

        /// The text of an LZ4 block and its sum (`body`), whole and checked, or its first
        /// `prefix` bytes (fewer than the whole) less those of a code point they cut.
        private static func lz4(_ body: UnsafeRawBufferPointer, length: Int, prefix: Int?) -> [UInt8]? {
            guard body.count >= 5, length <= Int(LZ4_MAX_INPUT_SIZE) else { return nil }
            let block = UnsafeRawBufferPointer(rebasing: body[..<(body.count - 4)])
            let wanted = prefix.map { min($0, length) } ?? length
            var produced: Int32 = -1
            var output = [UInt8](unsafeUninitializedCapacity: max(length, 1)) { out, count in
                produced = TextDictionary.bytes.withUnsafeBufferPointer { dictionary in
                    dictionary.withMemoryRebound(to: CChar.self) { dictionary in
                        let source = block.baseAddress?.assumingMemoryBound(to: CChar.self)
                        let target = UnsafeMutableRawPointer(out.baseAddress)?.assumingMemoryBound(to: CChar.self)
                        return wanted < length
                            ? LZ4_decompress_safe_partial_usingDict(
                                source, target, Int32(block.count), Int32(wanted), Int32(length),
                                dictionary.baseAddress, Int32(dictionary.count))
                            : LZ4_decompress_safe_usingDict(
                                source, target, Int32(block.count), Int32(length), dictionary.baseAddress, Int32(dictionary.count))
                    }
                }
                count = max(Int(produced), 0)
            }
            guard Int(produced) == wanted else { return nil }
            guard wanted < length else {
                return output.withUnsafeBytes { TextCompression.adler($0) } == TextCompression.storedSum(body) ? output : nil
            }
            // Back to the start of the code point the cut falls in, unless it ends there.
            var lead = wanted
            while lead > 0, output[lead - 1] & 0xC0 == 0x80 { lead -= 1 }
            if lead > 0, lead - 1 + DocumentText.scalarLength(lead: output[lead - 1]) > wanted {
                output.removeSubrange((lead - 1)...)
            }
            return output
        }
    }
}
