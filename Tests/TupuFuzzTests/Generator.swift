import Foundation
import TupuModel

/// The fuzz inputs' draws from the one seeded generator of the project.
extension SplitMix64 {
    mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &self) }

    /// Random bytes, mostly not valid UTF-8, decoded the way the fuzz targets decode their input.
    mutating func lossyText(maxBytes: Int) -> String {
        let bytes = (0..<int(0..<maxBytes + 1)).map { _ in UInt8.random(in: 0...255, using: &self) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Inserts `piece` at a random scalar position of `text`.
    mutating func insert(_ piece: String, into text: inout [Unicode.Scalar]) {
        text.insert(contentsOf: piece.unicodeScalars, at: int(0..<text.count + 1))
    }
}

/// The seed corpus in `Tests/TupuFuzzTests/Corpus`, shared with `scripts/fuzz.sh`.
enum Corpus {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    static func texts(_ name: String) -> [String] {
        let directory = folder.appendingPathComponent(name)
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }.compactMap { try? String(contentsOf: $0, encoding: .utf8) }
    }
}

extension String {
    init(scalars: [Unicode.Scalar]) {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        self = String(view)
    }
}
