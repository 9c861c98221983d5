extension String {
    /// JSON text with U+0085, U+2028 and U+2029 written as `\u` escapes.
    ///
    /// JSON allows these inside strings unescaped, but some line splitters (Python's
    /// `str.splitlines`, JavaScript's older parsers) end a line at them; escaped, one JSON
    /// value stays on one line for any reader. Apply it only to encoded JSON, where these
    /// characters can occur only inside strings and the escape means the same character.
    ///
    /// ```swift
    /// "{\"a\":\"x\u{2028}y\"}".escapingLineSeparatorsInJSON   // {"a":"x\u2028y"}
    /// ```
    public var escapingLineSeparatorsInJSON: String {
        guard unicodeScalars.contains(where: { $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" }) else {
            return self
        }
        var escaped = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\u{85}": escaped += "\\u0085"
            case "\u{2028}": escaped += "\\u2028"
            case "\u{2029}": escaped += "\\u2029"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
