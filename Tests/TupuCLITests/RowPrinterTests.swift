import Foundation
import Testing

@testable import tupu

/// A field of a table, TSV or sentence is printed on one line: each line break and tab becomes
/// one space, a lone carriage return stays, and anything else, Chinese included, is untouched.
@Test func oneLineReplacesLineBreaksAndTabsWithSpaces() {
    let cases: [(String, String)] = [
        ("省委书记李希出席会议并讲话。", "省委书记李希出席会议并讲话。"),
        ("李希\r\n王伟中", "李希 王伟中"),
        ("李希\n\n王伟中\t主持", "李希  王伟中 主持"),
        ("a\r\r\nb\rc", "a\r b\rc"),
        ("\t\n\r\n", "   "),
        ("", ""),
        ("e\u{301}\n🎉", "e\u{301} 🎉"),
    ]
    for (text, expected) in cases {
        #expect(RowPrinter.oneLine(text) == expected, "\(text.debugDescription)")
        // What it replaced, done the slow way: Foundation's replacements in turn.
        let slow = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\t", with: " ")
        #expect(RowPrinter.oneLine(text) == slow, "\(text.debugDescription)")
    }
}
