import Testing
import TupuModel
@testable import TupuStore

/// Spans cut from a document's UTF-8 bytes are those cut from its code points, clamps included.
@Test func documentTextCutsSpansAsCodePoints() {
    // The fourth and the last two pass kept offsets (one every 16 code points), the last two many.
    let texts = ["", "a", "深圳市委书记孟凡利出席会议。", "Tupu 图谱 😀 ok\u{301}\n第二行", "\u{10FFFF}x",
                String(repeating: "深a😀\u{301}", count: 40), String(repeating: "x", count: 128) + "图"]
    for text in texts {
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
