import Foundation

/// Traditional-character input (Hong Kong and Macao news) is matched in simplified form.
///
/// The conversion is ICU's `Hant-Hans` transform through Foundation. Evidence spans must stay
/// code point offsets into the original text, so the simplified text is used only when it has
/// exactly as many code points as the original; otherwise each character is converted alone and
/// kept where the conversion is not one code point for one.
enum TraditionalChinese {
    /// Frequent characters that exist only in traditional writing; a text with several of them is
    /// taken as traditional.
    static let markers = ScalarSet(
        "們會發個這來為國說時對與經門區長關議強進務點開動從後現實際總書記員數單體報導聯廣東灣華無當選舉協護請號".unicodeScalars)

    static let transform = StringTransform("Hant-Hans")

    /// The text in simplified characters with the same code point count, or nil when the text
    /// does not look traditional. `original` holds the scalars of `text`.
    static func simplified(_ text: String, scalars original: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        let markers = Self.markers
        var count = 0
        for scalar in original where markers.contains(scalar) {
            count += 1
            if count >= 3 { break }
        }
        guard count >= 3 else { return nil }
        if let converted = text.applyingTransform(transform, reverse: false) {
            let scalars = Array(converted.unicodeScalars)
            if scalars.count == original.count { return scalars }
        }
        var cache: [Unicode.Scalar: Unicode.Scalar] = [:]
        return original.map { scalar in
            if let known = cache[scalar] { return known }
            var single = String.UnicodeScalarView()
            single.append(scalar)
            let converted = String(single).applyingTransform(transform, reverse: false)?.unicodeScalars
            let result = converted?.count == 1 ? converted?.first ?? scalar : scalar
            cache[scalar] = result
            return result
        }
    }
}
