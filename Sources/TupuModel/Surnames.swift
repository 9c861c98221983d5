import Foundation

/// The surnames of person names, from one list (`surnames.txt`, bundled with this module): the
/// extractor reads it with its other lexicons, pinyin labels take the compound surnames from it,
/// and the tagger's training reads it.
///
/// ```swift
/// Surnames.compound.contains("欧阳")   // true: 欧阳娜娜 is read Ouyang Nana
/// ```
public enum Surnames {
    /// The bundled `surnames.txt`: one surname a line, TAB, `single` or `compound`.
    public static var bundledFile: URL? {
        Bundle.module.url(forResource: "surnames", withExtension: "txt")
    }

    /// The compound surnames (复姓) of the bundled list; empty if the list is missing from the
    /// installation (names are then split after their first character).
    public static let compound: Set<String> = {
        guard let url = bundledFile, let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return compound(inListText: text)
    }()

    /// The compound surnames of a list in the `surnames.txt` format.
    public static func compound(inListText text: String) -> Set<String> {
        var result = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t")
            if fields.count >= 2, fields[1].trimmingCharacters(in: .whitespaces) == "compound" {
                result.insert(String(fields[0]))
            }
        }
        return result
    }
}
