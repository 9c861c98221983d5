extension Array where Element == Unicode.Scalar {
    /// The text of code points `start..<end`, clamped to the array: evidence spans are code-point
    /// offsets, and a span past the end of a (changed) text gives what is there, never a crash.
    ///
    /// ```swift
    /// Array("省委书记李希出席".unicodeScalars).text(4, 6)   // "李希"
    /// ```
    public func text(_ start: Int, _ end: Int) -> String {
        let lower = Swift.max(0, Swift.min(start, count))
        let upper = Swift.max(lower, Swift.min(end, count))
        return String(String.UnicodeScalarView(self[lower..<upper]))
    }

    /// The text of a span's code points (clamped like ``text(_:_:)``).
    public func text(_ span: Span) -> String { text(span.start, span.end) }
}
