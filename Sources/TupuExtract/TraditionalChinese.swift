import Foundation

/// Traditional-character input (Hong Kong and Macao news) is matched in simplified form.
///
/// The conversion is ICU's `Hant-Hans` transform through Foundation. Evidence spans must stay
/// code point offsets into the original text, so the simplified text is used only when it has
/// exactly as many code points as the original; otherwise each character is converted alone and
/// kept where the conversion is not one code point for one.
///
/// The transform is slow (about as slow as the rest of extraction), and nearly all of it is a
/// character-for-character table: so the table is taken from ICU once per process (each
/// character of U+3400…U+9FFF converted alone), and ICU itself runs only on the runs of such
/// characters that hold one of the few characters its rules convert differently inside a phrase
/// (著 of 著名 stays 著, 乾 of 乾坤 stays 乾). The result is the transform's, code point for code point.
enum TraditionalChinese {
    /// Frequent characters that exist only in traditional writing; a text with several of them is
    /// taken as traditional.
    static let markers = ScalarSet(
        "們會發個這來為國說時對與經門區長關議強進務點開動從後現實際總書記員數單體報導聯廣東灣華無當選舉協護請號".unicodeScalars)

    static let transform = StringTransform("Hant-Hans")

    /// The characters that ICU's `Hant-Hans` rules (ICU 76) convert inside some phrase otherwise
    /// than alone: at each, the phrase rules decide (內裡, 甚麼, 計畫, 著名, 沈默 …). Every rule
    /// reads characters of U+3400…U+9FFF or above U+FFFF only.
    static let phraseSensitive = ScalarSet(
        "乾份佗倡傍像內净劃发吋單嚮察嶽彷徬徵怵捶搆摺杖板殻沈瀋焠甚畫砂硃碳祇繇著薰藉螢衕褶酥銀鍊鍍鎔鞦韆".unicodeScalars)

    static let tableRange: ClosedRange<UInt32> = 0x3400...0x9FFF

    /// The transform of each scalar of `tableRange` alone, by `value - 0x3400`; nil when ICU does
    /// not give one scalar for each (then every text goes through the transform whole).
    static let single: [Unicode.Scalar]? = {
        var view = String.UnicodeScalarView()
        for value in tableRange {
            guard let scalar = Unicode.Scalar(value) else { return nil }
            view.append(scalar)
            view.append("\n")
        }
        guard let converted = String(view).applyingTransform(transform, reverse: false) else { return nil }
        var table: [Unicode.Scalar] = []
        table.reserveCapacity(tableRange.count)
        var pending: Unicode.Scalar?
        for scalar in converted.unicodeScalars {
            if scalar == "\n" {
                guard let one = pending else { return nil }
                table.append(one)
                pending = nil
            } else {
                guard pending == nil else { return nil }
                pending = scalar
            }
        }
        return table.count == tableRange.count && pending == nil ? table : nil
    }()

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
        if let table = Self.single, !original.contains(where: { $0.value > 0xFFFF }) {
            return simplified(original, table: table)
        }
        return transformedWhole(text, scalars: original)
    }

    /// By the table, and by the transform over each run of table characters that holds a
    /// phrase-sensitive one (the rules read such runs only, so a run converts as in the whole text).
    static func simplified(_ original: [Unicode.Scalar], table: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result = original
        let sensitive = Self.phraseSensitive
        let low = tableRange.lowerBound, high = tableRange.upperBound
        var index = 0
        let n = original.count
        while index < n {
            let value = original[index].value
            guard value >= low && value <= high else {
                index += 1
                continue
            }
            let runStart = index
            var holdsSensitive = false
            while index < n, original[index].value >= low, original[index].value <= high {
                let scalar = original[index]
                if sensitive.contains(scalar) { holdsSensitive = true }
                result[index] = table[Int(scalar.value - low)]
                index += 1
            }
            if holdsSensitive {
                let run = String(String.UnicodeScalarView(original[runStart..<index]))
                if let converted = run.applyingTransform(transform, reverse: false) {
                    let scalars = Array(converted.unicodeScalars)
                    if scalars.count == index - runStart {
                        result.replaceSubrange(runStart..<index, with: scalars)
                    }
                }
            }
        }
        return result
    }

    /// The transform over the whole text, or character by character when it changes the length.
    static func transformedWhole(_ text: String, scalars original: [Unicode.Scalar]) -> [Unicode.Scalar] {
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
