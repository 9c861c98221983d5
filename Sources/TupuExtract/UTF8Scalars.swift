/// Decodes a String's UTF-8 into scalars in one pass over its contiguous bytes (a few
/// instructions a byte; iterating `utf8` and `unicodeScalars` took about thirty).
enum UTF8Scalars {
    /// Decodes `bytes` into `buffer` until either is used up. Returns the scalars written and
    /// whether every byte was read. A String's UTF-8 is valid (every lead byte has its continuation
    /// bytes); a sequence cut short at the end, or a value that is no scalar, becomes U+FFFD.
    @inline(__always)
    static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<Unicode.Scalar>
    ) -> (written: Int, complete: Bool) {
        var index = 0
        var written = 0
        let end = bytes.count
        while index < end {
            guard written < buffer.count else { return (written, false) }
            let lead = UInt32(bytes[index])
            var value: UInt32
            if lead < 0x80 {
                value = lead
                index += 1
            } else if lead < 0xE0, index + 1 < end {
                value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                index += 2
            } else if lead < 0xF0, index + 2 < end {
                value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                index += 3
            } else if index + 3 < end {
                value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                    | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                index += 4
            } else {
                value = 0xFFFD
                index = end
            }
            buffer[written] = Unicode.Scalar(value) ?? "\u{FFFD}"
            written += 1
        }
        return (written, true)
    }
}
