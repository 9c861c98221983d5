import Foundation
import Testing
import TupuRender

@Suite struct FontCheckTests {
    /// A fresh directory holding empty files with the given relative paths.
    private func fontDirectory(_ files: [String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tupu-fonts-\(UUID().uuidString)", isDirectory: true)
        for file in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data().write(to: url)
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }

    @Test func findsNotoSansCJKInSubdirectories() throws {
        let dir = try fontDirectory(["opentype/noto/NotoSansCJK-Regular.ttc", "truetype/dejavu/DejaVuSans.ttf"])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(CJKFont.family(in: [dir]) == "Noto Sans CJK SC")
        #expect(CJKFont.family(preferred: "Noto Sans CJK JP", in: [dir]) == "Noto Sans CJK JP")
    }

    @Test func fallsBackToAnotherCJKFamily() throws {
        let dir = try fontDirectory(["truetype/wqy/wqy-zenhei.ttc"])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(CJKFont.family(in: [dir]) == "WenQuanYi Zen Hei")
    }

    @Test func noCJKFontGivesNil() throws {
        let dir = try fontDirectory(["truetype/dejavu/DejaVuSans.ttf", "misc/NotoSansCJK-readme.txt"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("does-not-exist")
        #expect(CJKFont.family(in: [dir, missing]) == nil)
        #expect(CJKFont.installHint == "apt-get install fonts-noto-cjk")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")))
    func thisMachineHasNotoSansCJK() {
        #expect(CJKFont.available())
        #expect(CJKFont.family() == "Noto Sans CJK SC")
    }
}
