extension String {
    /// The number of terminal columns the string takes: East Asian wide and full-width characters
    /// (Han, kana, hangul, full-width forms, most emoji) take two, combining marks none, others one.
    ///
    /// ```swift
    /// "李希".displayWidth   // 4
    /// "Li Xi".displayWidth  // 5
    /// ```
    ///
    /// The UTF-8 is read in place, a byte at a time for ASCII (a table of a thousand rows measures
    /// every cell: through `unicodeScalars` that was a fifth of `tupu show` of a busy person).
    public var displayWidth: Int {
        var text = self
        return text.withUTF8 { bytes in
            var width = 0, index = 0
            while index < bytes.count {
                let lead = bytes[index]
                if lead < 0x80 {
                    width += 1
                    index += 1
                    continue
                }
                // A lead byte: 110xxxxx, 1110xxxx or 11110xxx, then 10xxxxxx bytes (valid UTF-8).
                let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                var value = UInt32(lead) & (0x7F >> UInt32(length))
                var next = index + 1
                while next < min(index + length, bytes.count) {
                    value = value << 6 | UInt32(bytes[next] & 0x3F)
                    next += 1
                }
                width += Self.columns(of: value)
                index = next
            }
            return width
        }
    }

    /// The terminal columns of one code point (see ``displayWidth``).
    public static func columns(of value: UInt32) -> Int {
        if value < 0x0300 { return 1 }
        switch value {
        case 0x4E00...0x9FFF: return 2
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default: return 1
        }
    }

    /// Whether any byte of the string's UTF-8 satisfies `predicate`, read in place (one pass
    /// over contiguous bytes, without decoding characters).
    ///
    /// ```swift
    /// "李希\n".containsUTF8Byte { $0 == 0x0A }   // true
    /// ```
    @inlinable public func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        var text = self
        return text.withUTF8 { bytes in bytes.contains(where: predicate) }
    }
}
