extension String {
    /// The number of terminal columns the string takes: East Asian wide and full-width characters
    /// (Han, kana, hangul, full-width forms) take two, combining marks none, others one.
    ///
    /// ```swift
    /// "李希".displayWidth   // 4
    /// "Li Xi".displayWidth  // 5
    /// ```
    public var displayWidth: Int {
        unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: width
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x20000...0x3FFFD:
                width + 2
            default: width + 1
            }
        }
    }
}
