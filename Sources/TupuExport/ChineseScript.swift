import Foundation

/// The BCP 47 language tag of Chinese text: `zh-Hant` when it is written in traditional
/// characters, else `zh-Hans`.
///
/// A text is traditional when ICU's `Hant-Hans` transform (through Foundation) changes it. The
/// transform is slow, so it runs only on texts that hold a character the transform changes when
/// converted alone (about 3,000 of U+3400…U+9FFF, listed once per process); a simplified text
/// with none of them is tagged without calling ICU. Results are cached per text, so a sentence
/// that backs many facts is converted once.
final class ChineseScript {
    static let simplified = "zh-Hans"
    static let traditional = "zh-Hant"

    /// The characters of U+3400…U+9FFF that `Hant-Hans` changes when converted alone; nil when
    /// the transform is not available (then every text is tagged `zh-Hans`).
    private static let changing: Set<Unicode.Scalar>? = {
        let transform = StringTransform("Hant-Hans")
        var set = Set<Unicode.Scalar>()
        for value in UInt32(0x3400)...UInt32(0x9FFF) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            guard let converted = text.applyingTransform(transform, reverse: false) else { return nil }
            if converted != text { set.insert(scalar) }
        }
        return set
    }()

    private var cache: [String: String] = [:]

    /// `zh-Hant` or `zh-Hans`.
    func tag(_ text: String) -> String {
        guard let changing = Self.changing, text.unicodeScalars.contains(where: changing.contains) else {
            return Self.simplified
        }
        if let known = cache[text] { return known }
        let converted = text.applyingTransform(StringTransform("Hant-Hans"), reverse: false)
        let tag = converted == nil || converted == text ? Self.simplified : Self.traditional
        cache[text] = tag
        return tag
    }
}
