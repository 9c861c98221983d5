import Foundation
import Testing
@testable import TupuIngest

// MARK: - Folder listing

/// Makes a file whose name is the raw bytes `name` (which need not be UTF-8) in `folder`.
private func makeFile(named name: [UInt8], in folder: String) throws {
    let path = Array(folder.utf8) + Array("/".utf8) + name + [0]
    let descriptor = path.map { CChar(bitPattern: $0) }.withUnsafeBufferPointer { buffer in
        buffer.baseAddress.map { open($0, O_WRONLY | O_CREAT, 0o644) } ?? -1
    }
    try #require(descriptor >= 0)
    close(descriptor)
}

/// Makes a folder whose name is the raw bytes `name` in `folder`.
private func makeFolder(named name: [UInt8], in folder: String) throws {
    let path = Array(folder.utf8) + Array("/".utf8) + name + [0]
    let status = path.map { CChar(bitPattern: $0) }.withUnsafeBufferPointer { buffer in
        buffer.baseAddress.map { mkdir($0, 0o755) } ?? -1
    }
    try #require(status == 0)
}

/// A folder with what a walk must tell apart: files and folders whose names sort differently
/// as bytes and as Swift strings, symbolic links to a file, to a folder and to nothing, a
/// named pipe, and names that are not UTF-8.
private func awkwardFolder() throws -> String {
    let root = try temporaryFolder().path + "/w"
    let manager = FileManager.default
    for name in [
        "a.txt", "b.txt", "b/x.txt", "b/y/z.txt", "b-c.txt", "b0.txt", "Z.txt", "f.txt", "notes.md", "e\u{301}.txt", "\u{E9}.txt",
        "bad1/ok.txt", "bad2/ok.txt", "bad2/dir/ok.txt", "bad3/ok.txt", "only-link/real/keep.txt",
    ] {
        let path = root + "/" + name
        try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: path))
    }
    try manager.createSymbolicLink(atPath: root + "/linkdir", withDestinationPath: root + "/b")
    try manager.createSymbolicLink(atPath: root + "/linkdir.txt", withDestinationPath: root + "/b")
    try manager.createSymbolicLink(atPath: root + "/link.txt", withDestinationPath: root + "/a.txt")
    try manager.createSymbolicLink(atPath: root + "/broken.txt", withDestinationPath: root + "/nowhere.txt")
    try #require(mkfifo(root + "/pipe.txt", 0o644) == 0)
    try makeFile(named: [0xFF] + Array(".txt".utf8), in: root + "/bad1")
    try makeFolder(named: [0x66, 0xFE], in: root + "/bad2/dir")
    try makeFile(named: [0x66, 0xFE] + Array("/x.txt".utf8), in: root + "/bad2/dir")
    try makeFile(named: [0xC3] + Array(".md".utf8), in: root + "/bad3")
    try manager.createDirectory(atPath: root + "/bad4", withIntermediateDirectories: true)
    try makeFile(named: [0xE4, 0xB8] + Array("x".utf8) + [0xC0, 0x80, 0xF4, 0x90, 0x80, 0x80, 0xED, 0xA0, 0x80] + Array(".txt".utf8), in: root + "/bad4")
    return root
}

@Test func fileWalkListsFilesLinksAndBadNamesInByteOrder() throws {
    let root = try awkwardFolder()
    let walk = try FileWalk([root])
    // Byte order of the names, a folder's name as if it ended with "/": "b-c.txt" < "b.txt"
    // < "b/..." < "b0.txt"; the decomposed "e\u{301}.txt" before "f.txt", the composed
    // "\u{E9}.txt" after it (as Swift strings both come after "f.txt"). A link to a file and a
    // named pipe are listed; links to a folder (even one named `*.txt`) and to nothing are not.
    #expect(Array(walk).map { String($0.dropFirst(root.count)) } == [
        "/Z.txt", "/a.txt", "/b-c.txt", "/b.txt", "/b/x.txt", "/b/y/z.txt", "/b0.txt", "/bad1/ok.txt", "/bad2/dir/ok.txt", "/bad2/ok.txt",
        "/bad3/ok.txt", "/e\u{301}.txt", "/f.txt", "/link.txt", "/only-link/real/keep.txt", "/pipe.txt", "/\u{E9}.txt",
    ])
    // Every name that is not UTF-8 is reported, whatever it names (a file, a folder, a name
    // not listed anyway), with each bad sequence shown as U+FFFD; a folder so named is not entered.
    let reason = "its name is not valid UTF-8, so it cannot be read; rename it"
    #expect(walk.problems == [
        .unreadable(path: root + "/bad1/\u{FFFD}.txt", reason: reason),
        .unreadable(path: root + "/bad2/dir/f\u{FFFD}", reason: reason),
        .unreadable(path: root + "/bad3/\u{FFFD}.md", reason: reason),
        .unreadable(path: root + "/bad4/\u{FFFD}x" + String(repeating: "\u{FFFD}", count: 9) + ".txt", reason: reason),
    ])
    // Records: `*.jsonl` and `part-*`, not names that start with "." or "_".
    let shards = root + "/shards"
    try FileManager.default.createDirectory(atPath: shards, withIntermediateDirectories: true)
    for name in ["part-00001", "b.jsonl", ".part-00000.crc", "_SUCCESS", "part-00000", "a.jsonl", "_x.jsonl", "notes.txt"] {
        try makeFile(named: Array("shards/\(name)".utf8), in: root)
    }
    #expect(Array(try FileWalk([shards], files: .records)) == ["a.jsonl", "b.jsonl", "part-00000", "part-00001"].map { shards + "/" + $0 })
}

@Test func fileWalkChecksEachFolderHoldsAFileItLists() throws {
    let root = try awkwardFolder()
    // Found deep down, through a named pipe, through a link to a file.
    #expect(Array(try FileWalk([root + "/b/y"])) == [root + "/b/y/z.txt"])
    #expect(try FileWalk([root + "/only-link"]).next() == root + "/only-link/real/keep.txt")
    let manager = FileManager.default
    for folder in ["pipe", "link"] {
        try manager.createDirectory(atPath: root + "/" + folder + "/in", withIntermediateDirectories: true)
    }
    try #require(mkfifo(root + "/pipe/in/p.txt", 0o644) == 0)
    try manager.createSymbolicLink(atPath: root + "/link/in/l.txt", withDestinationPath: root + "/a.txt")
    #expect(Array(try FileWalk([root + "/pipe"])) == [root + "/pipe/in/p.txt"])
    #expect(Array(try FileWalk([root + "/link"])) == [root + "/link/in/l.txt"])
    // Not found: only a link to a folder of files, a broken link, a name that is not UTF-8, other files.
    try manager.createDirectory(atPath: root + "/none/sub", withIntermediateDirectories: true)
    try manager.createSymbolicLink(atPath: root + "/none/sub/b", withDestinationPath: root + "/b")
    try manager.createSymbolicLink(atPath: root + "/none/gone.txt", withDestinationPath: root + "/gone.txt")
    try makeFile(named: [0xFF] + Array(".txt".utf8), in: root + "/none")
    try makeFile(named: Array("notes.md".utf8), in: root + "/none/sub")
    #expect(throws: DocumentError.noTextFiles(root + "/none")) { try FileWalk([root + "/none"]) }
    #expect(throws: DocumentError.noRecordFiles(root + "/b")) { try FileWalk([root + "/b"], files: .records) }
}
