import CZlib
import Foundation

/// Document text as the store keeps it: UTF-8 compressed with zlib.
///
/// A stored value is a 4-byte little-endian length of the UTF-8 text, then the zlib stream
/// (`compress2`, level 6). Chinese news compresses to about half its UTF-8 size (the seed
/// article: 5,992 bytes to 2,718), and the text is the largest part of a store.
enum TextCompression {
    /// The stored form of `text`.
    static func compress(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        let length = utf8.count
        var bound = compressBound(uLong(length))
        var output = [UInt8](repeating: 0, count: 4 + Int(bound))
        output[0] = UInt8(truncatingIfNeeded: length)
        output[1] = UInt8(truncatingIfNeeded: length >> 8)
        output[2] = UInt8(truncatingIfNeeded: length >> 16)
        output[3] = UInt8(truncatingIfNeeded: length >> 24)
        let code = output.withUnsafeMutableBufferPointer { out in
            utf8.withUnsafeBufferPointer { input in
                compress2(out.baseAddress.map { $0 + 4 }, &bound, input.baseAddress, uLong(length), 6)
            }
        }
        // compress2 fails only when out of memory or given a bad level: keep the text readable
        // rather than lose it (an uncompressed value has length 0xFFFFFFFF and the raw bytes).
        guard code == Z_OK else { return [0xFF, 0xFF, 0xFF, 0xFF] + Array(text.utf8) }
        output.removeSubrange((4 + Int(bound))...)
        return output
    }

    /// What the first four bytes of a stored value say: the raw UTF-8 follows them, or a zlib
    /// stream of a text of `length` bytes.
    enum Header: Equatable {
        case raw
        case compressed(length: Int)
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
        return length < 1 << 31 ? .compressed(length: length) : nil
    }

    /// The text of a stored value, or nil when the value is damaged.
    static func decompress(_ stored: [UInt8]) -> String? {
        guard let header = header(of: stored) else { return nil }
        guard case .compressed(let length) = header else { return String(validating: stored[4...], as: UTF8.self) }
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

extension TextCompression {
    /// Decompresses stored texts one after another with one zlib stream, reset between texts,
    /// instead of allocating zlib's state and its 32 KiB window for each (`uncompress`): for
    /// the few hundred short articles a `show` reads, that allocation was most of the time.
    /// One inflater serves one thread.
    final class Inflater {
        private let stream: UnsafeMutablePointer<z_stream>
        private var initialized = false

        init() {
            stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
        }

        deinit {
            if initialized { inflateEnd(stream) }
            stream.deinitialize(count: 1)
            stream.deallocate()
        }

        /// The UTF-8 bytes of a stored value, or nil when the value is damaged (or, stored raw, is not UTF-8).
        func utf8(_ stored: Data) -> [UInt8]? {
            guard let header = TextCompression.header(of: stored) else { return nil }
            guard case .compressed(let length) = header else {
                let bytes = Array(stored.dropFirst(4))
                return String(validating: bytes, as: UTF8.self) == nil ? nil : bytes
            }
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
