import CZlib
import Foundation
import Synchronization

/// Document text as the store keeps it: UTF-8 compressed with zlib.
///
/// A stored value is a 4-byte little-endian header, then the compressed text:
/// - since v11, the header is the length of the UTF-8 text with bit 31 set, then the text as raw
///   deflate (level 6, fixed Huffman codes, see ``compress(_:)``; values written before with
///   dynamic codes decode the same way) with ``TextDictionary`` as its preset dictionary, then
///   the Adler-32 sum of the text (4 bytes, big-endian, as zlib writes it). The dictionary holds
///   phrases of the genre, so a short article refers back to them: on the 20,000-article bench
///   corpus a text takes 256 bytes instead of 372 (a third less; 267 with fixed codes), on real
///   articles cut to that size a fifth less.
/// - before, the header is the length of the text, then a zlib stream (`compress2`, level 6);
///   such values are still read.
/// - 0xFFFFFFFF, then the raw UTF-8 (kept when compression fails).
enum TextCompression {
    /// The stored form of `text`.
    ///
    /// Deflate's fixed Huffman codes (`Z_FIXED`): a text of a few hundred bytes, most of it
    /// matches into the dictionary, is then about 4% longer (on the bench corpus 267 bytes
    /// instead of 256, under one byte a triple), but reading it back builds no code tables,
    /// which were two fifths of inflating it; `tupu show` decompresses a document for every
    /// document its facts cite. Texts stored with dynamic codes decode the same way.
    ///
    /// The deflate streams are kept and reset between texts (``Deflater``), one per thread at a
    /// time: setting one up (zlib's state is about 270 KiB) took two thirds of compressing a
    /// bench article (87 µs of 27).
    static func compress(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        let deflater = deflaters.withLock { $0.popLast() } ?? Deflater()
        defer { deflaters.withLock { $0.append(deflater) } }
        return deflater.compress(utf8) ?? [0xFF, 0xFF, 0xFF, 0xFF] + utf8
    }

    /// The deflate streams not in use (at most one a thread that compresses at once).
    private static let deflaters = Mutex<[Deflater]>([])

    /// A raw deflate stream with ``TextDictionary``, reset for each text; used by one thread at
    /// a time (taken from and given back to ``deflaters``).
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

        /// The stored form of these UTF-8 bytes, or nil when deflate fails (only when out of
        /// memory; the caller then keeps the text raw rather than lose it).
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
            let header = UInt32(length) | 0x8000_0000
            for index in 0..<4 { output[index] = UInt8(truncatingIfNeeded: header >> (8 * index)) }
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
            let sum = UInt32(utf8.withUnsafeBufferPointer { adler32(adler32(0, nil, 0), $0.baseAddress, uInt(length)) })
            for index in 0..<4 { output[end + index] = UInt8(truncatingIfNeeded: sum >> (24 - 8 * index)) }
            output.removeSubrange((end + 4)...)
            return output
        }
    }

    /// Inflates a raw deflate stream made with ``TextDictionary`` into `output` (the text's size
    /// and ``inflateSlack`` bytes more) with `stream` (initialized for raw inflate), and checks
    /// the Adler-32 sum that follows it in `input`. False when the value is damaged.
    fileprivate static func inflateWithDictionary(
        _ stream: UnsafeMutablePointer<z_stream>, _ input: UnsafeBufferPointer<UInt8>, _ output: UnsafeMutableBufferPointer<UInt8>
    ) -> Bool {
        guard input.count >= 4, let source = input.baseAddress, let target = output.baseAddress else { return false }
        let dictionarySet = TextDictionary.bytes.withUnsafeBufferPointer { dictionary in
            inflateSetDictionary(stream, dictionary.baseAddress, uInt(dictionary.count)) == Z_OK
        }
        guard dictionarySet else { return false }
        // zlib decodes with its fast loop only while 6 bytes of input and 258 of output are left,
        // and byte by byte after: so it is given the sum's 4 bytes as input it will not read, and
        // ``inflateSlack`` bytes of room past the text, and the text must end where its length says.
        stream.pointee.next_in = UnsafeMutablePointer(mutating: source)
        stream.pointee.avail_in = uInt(input.count)
        stream.pointee.next_out = target
        stream.pointee.avail_out = uInt(output.count)
        let length = output.count - inflateSlack
        guard length >= 0, inflate(stream, Z_FINISH) == Z_STREAM_END, Int(stream.pointee.total_out) == length,
            stream.pointee.avail_in == 4
        else { return false }
        var stored: UInt32 = 0
        for byte in input.suffix(4) { stored = stored << 8 | UInt32(byte) }
        return UInt32(adler32(adler32(0, nil, 0), target, uInt(length))) == stored
    }

    /// The room past a text's end that lets zlib decode all of it with its fast loop (the
    /// longest match deflate writes, 258 bytes).
    fileprivate static let inflateSlack = 258

    /// What the first four bytes of a stored value say: the raw UTF-8 follows them, a zlib
    /// stream of a text of `length` bytes, or (since v11) a raw deflate stream of a text of
    /// `length` bytes made with the dictionary, and its sum.
    enum Header: Equatable {
        case raw
        case compressed(length: Int)
        case withDictionary(length: Int)
    }

    /// The header of a stored value, or nil when it is damaged.
    static func header(of stored: some Collection<UInt8>) -> Header? {
        // Read in place: this runs once for every document a `show` cuts sentences from.
        var length = 0, count = 0
        for byte in stored.prefix(4) {
            length |= Int(byte) << (8 * count)
            count += 1
        }
        guard count == 4 else { return nil }
        if length == 0xFFFF_FFFF { return .raw }
        return length < 1 << 31 ? .compressed(length: length) : .withDictionary(length: length & 0x7FFF_FFFF)
    }

    /// The text of a stored value, or nil when the value is damaged.
    static func decompress(_ stored: [UInt8]) -> String? {
        guard let header = header(of: stored) else { return nil }
        switch header {
        case .raw:
            return String(validating: stored[4...], as: UTF8.self)
        case .withDictionary(let length):
            if length == 0 { return "" }
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            defer {
                stream.deinitialize(count: 1)
                stream.deallocate()
            }
            guard inflateInit2_(stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
            defer { inflateEnd(stream) }
            var output = [UInt8](repeating: 0, count: length + inflateSlack)
            let complete = output.withUnsafeMutableBufferPointer { out in
                stored.withUnsafeBufferPointer { input in inflateWithDictionary(stream, UnsafeBufferPointer(rebasing: input[4...]), out) }
            }
            return complete ? String(validating: output.prefix(length), as: UTF8.self) : nil
        case .compressed(let length):
            if length == 0 { return "" }
            var output = [UInt8](repeating: 0, count: length)
            var produced = uLongf(length)
            let code = output.withUnsafeMutableBufferPointer { out in
                stored.withUnsafeBufferPointer { input in
                    uncompress(out.baseAddress, &produced, input.baseAddress.map { $0 + 4 }, uLong(input.count - 4))
                }
            }
            guard code == Z_OK, Int(produced) == length else { return nil }
            return String(validating: output, as: UTF8.self)
        }
    }
}

extension TextCompression {
    /// Decompresses stored texts one after another with one zlib stream, reset between texts,
    /// instead of allocating zlib's state and its 32 KiB window for each (`uncompress`): for
    /// the few hundred short articles a `show` reads, that allocation was most of the time.
    /// One inflater serves one thread.
    final class Inflater {
        /// A zlib stream (texts stored before v11) and a raw deflate stream (texts stored with
        /// the dictionary since v11), each set up when first needed.
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

        /// The UTF-8 bytes of a stored value, or nil when the value is damaged (or, stored raw, is not UTF-8).
        func utf8(_ stored: Data) -> [UInt8]? {
            guard let header = TextCompression.header(of: stored) else { return nil }
            switch header {
            case .raw:
                let bytes = Array(stored.dropFirst(4))
                return String(validating: bytes, as: UTF8.self) == nil ? nil : bytes
            case .withDictionary(let length):
                if length == 0 { return [] }
                var output = [UInt8](repeating: 0, count: length + TextCompression.inflateSlack)
                let complete = stored.withUnsafeBytes { input -> Bool in
                    output.withUnsafeMutableBufferPointer { out -> Bool in
                        if rawInitialized {
                            guard inflateReset(rawStream) == Z_OK else { return false }
                        } else {
                            guard inflateInit2_(rawStream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
                            rawInitialized = true
                        }
                        let bytes = input.bindMemory(to: UInt8.self)
                        return TextCompression.inflateWithDictionary(rawStream, UnsafeBufferPointer(rebasing: bytes[4...]), out)
                    }
                }
                // The Adler-32 sum was checked: these are the bytes that were compressed, the UTF-8
                // of a String, so they need no validating again.
                guard complete else { return nil }
                output.removeLast(TextCompression.inflateSlack)
                return output
            case .compressed(let length):
                if length == 0 { return [] }
                var output = [UInt8](repeating: 0, count: length)
                let complete = stored.withUnsafeBytes { input -> Bool in
                    output.withUnsafeMutableBufferPointer { out -> Bool in
                        guard let source = input.bindMemory(to: Bytef.self).baseAddress, let target = out.baseAddress else { return false }
                        if initialized {
                            guard inflateReset(stream) == Z_OK else { return false }
                        } else {
                            guard inflateInit_(stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
                            initialized = true
                        }
                        stream.pointee.next_in = UnsafeMutablePointer(mutating: source + 4)
                        stream.pointee.avail_in = uInt(input.count - 4)
                        stream.pointee.next_out = target
                        stream.pointee.avail_out = uInt(length)
                        // Z_FINISH with room for the whole text: one call, and no window kept.
                        return inflate(stream, Z_FINISH) == Z_STREAM_END && Int(stream.pointee.total_out) == length
                    }
                }
                // Z_STREAM_END has checked the stream's Adler-32 sum: these are the bytes that were
                // compressed, the UTF-8 of a String, so they need no validating again.
                return complete ? output : nil
            }
        }
    }
}
