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

/// A cell's width in terminal columns: Han, kana, hangul, full-width forms and the wide emoji
/// take two; combining marks and zero-width spaces none; everything else one (half-width kana
/// and Latin letters with accents included), whatever the length of its UTF-8 sequence.
@Test func displayWidthCountsWideCharactersAsTwoAndMarksAsNone() {
    let cases: [(String, Int)] = [
        ("", 0), ("Li Xi", 5), ("李希", 4), ("省委书记李希", 12), ("é", 1), ("e\u{301}", 1),
        ("\u{200B}", 0), ("한국", 4), ("かな", 4), ("ｱ", 1), ("Ａ", 2), ("😀", 2), ("𠀀", 2), ("🚀", 2), ("🧭", 2), ("☃", 1),
        ("1号文件「深港」", 15), ("\u{1B}[31m", 5),
    ]
    for (text, width) in cases {
        #expect(text.displayWidth == width, "\(text.debugDescription)")
    }
}

/// A table pads every cell but a row's last to its column's width, counting wide characters as
/// two columns; a control character is written as `\u{…}`, and is measured as written.
@Test func alignedTablePadsByDisplayWidthAndShowsControlCharacters() {
    let table = alignedTable(header: ["name", "role"], rows: [["李希", "省委书记"], ["ab\u{1B}c", "x"], ["王伟中", ""]])
    #expect(table == """
        name       role
        ---------  --------
        李希       省委书记
        ab\\u{1B}c  x
        王伟中     
        """)
}

/// Empty cells still make lines: a table of empty names has its header, its rule and a line a row.
@Test func alignedTableKeepsALineForEachEmptyRow() {
    #expect(alignedTable(header: [""], rows: [[""], [""]]) == "\n\n\n")
    #expect(alignedTable(header: ["a", "b"], rows: [["", ""]]) == "a  b\n-  -\n   ")
}
