import Testing
import TupuModel
@testable import TupuStore

/// Spans cut from a document's UTF-8 bytes are those cut from its code points, clamps included.
@Test func documentTextCutsSpansAsCodePoints() {
    for text in ["", "a", "深圳市委书记孟凡利出席会议。", "Tupu 图谱 😀 ok\u{301}\n第二行", "\u{10FFFF}x"] {
        let scalars = Array(text.unicodeScalars)
        let document = DocumentText(text)
        let count = scalars.count
        for start in -2...(count + 2) {
            for end in -2...(count + 2) {
                #expect(document.text(start, end) == scalars.text(start, end), "\(text) \(start)..<\(end)")
            }
        }
    }
}
