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
/// characters that hold one of the few phrases its rules convert otherwise (著 of 著名 stays 著,
/// 乾 of 乾坤 stays 乾). The result is the transform's, code point for code point.
enum TraditionalChinese {
    /// Frequent characters that exist only in traditional writing; a text with several of them is
    /// taken as traditional.
    static let markers = ScalarSet(
        "們會發個這來為國說時對與經門區長關議強進務點開動從後現實際總書記員數單體報導聯廣東灣華無當選舉協護請號".unicodeScalars)

    static let transform = StringTransform("Hant-Hans")

    /// The phrases that ICU's `Hant-Hans` rules (ICU 76) convert otherwise than character by
    /// character (內裡, 甚麼, 計畫, 著名, 沈默 …): a run of characters holding one goes through the
    /// transform. Every rule reads characters of U+3400…U+9FFF or above U+FFFF only.
    static let phrases = PhraseTable<Void>(
        """
        內裡 甚麼 單幹 乾坤 畫分 畫開 畫一 畫界 畫策 畫歸 畫清 規畫 策畫 籌畫 計畫
        比畫 謀畫 區畫 板畫 刻劃 酥鬆 宮商角徵羽 衚衕 祇賀新禧 祇請政安 祇管 祇好
        祇要 祇有 祇得 人言藉藉 憑藉 駘藉 狼藉 藴藉 枕藉 穀殻 硃卷 銀髮 剃发
        生旦净末丑 電鍍錶 嚮應 鞦韆 盪鞦韆 英吋 著名 著稱 著述 著作 著書 著績 著錄
        著文 著有 著者 見微知著 信義素著 顯著 論著 編著 炳著 昭著 大著 合著 巨著
        鉅著 較著 舊著 毛著 名著 暴著 卓著 土著 新著 玄著 遺著 譯著 原著 專著 撰著
        拙著 扭轉乾坤 旋乾轉坤 朗朗乾坤 焠鍊 捶鍊 磨鍊 鍊氣 洗鍊 金鍊 鍊子 拉鍊 手鍊
        鐵鍊 項鍊 巡察 稽察 詢察 細察 螢光 螢幕 螢屏 褶疊 褶紙 鎔爐 鎔劑 鎔融 鎔銷
        鎔鑄 砂金 砂土 像片 縐摺 皺摺 五嶽 東嶽 南嶽 西嶽 北嶽 山嶽 中嶽 岱嶽 碳煙
        煙薰 繇役 份子 倡言 佛佗 依徬 彷如 近傍 彷彿 依杖 怵目 搆和 沈鬱 墨瀋未乾
        石沈大海 魚沈雁杳 破釜沈舟 沈沈浮浮 沈浮 沈默 沈重 沈思 沈澱 沈穩 沈浸 沈悶
        沈靜 沈醉 沈迷 沈寂 沈入 沈沈 沈落 沈睡 沈潛 沈淪 沈吟 沈積 沈著 沈沒 低沈
        消沈 深沈 浮沈
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

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
    /// `always`: convert without looking (a part of a document that looks traditional).
    static func simplified(_ text: String, scalars original: [Unicode.Scalar], always: Bool = false) -> [Unicode.Scalar]? {
        if !always {
            guard looksTraditional(original) else { return nil }
        }
        if let table = Self.single, !original.contains(where: { $0.value > 0xFFFF }) {
            return simplified(original, table: table)
        }
        return transformedWhole(text, scalars: original)
    }

    /// Whether a text holds at least three characters written only in traditional script.
    static func looksTraditional(_ original: [Unicode.Scalar]) -> Bool {
        let markers = Self.markers
        var count = 0
        for scalar in original where markers.contains(scalar) {
            count += 1
            if count >= 3 { return true }
        }
        return false
    }

    /// By the table, and by the transform over each run of table characters that holds one of
    /// `phrases` (the rules read within such runs only, so a run converts as in the whole text).
    static func simplified(_ original: [Unicode.Scalar], table: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result = original
        let phrases = Self.phrases
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
            var holdsPhrase = false
            while index < n, original[index].value >= low, original[index].value <= high {
                if !holdsPhrase, phrases.longestMatch(in: original, at: index) != nil { holdsPhrase = true }
                result[index] = table[Int(original[index].value - low)]
                index += 1
            }
            if holdsPhrase {
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
