import Testing
import Synchronization
import TupuModel
@testable import TupuRender

@Suite struct PinyinTests {
    @Test(arguments: [
        ("李希", "Li Xi"),
        ("王伟中", "Wang Weizhong"),
        ("孟凡利", "Meng Fanli"),
        ("欧阳娜娜", "Ouyang Nana"),
        ("司马光", "Sima Guang"),
        ("曾庆红", "Zeng Qinghong"),
        ("单霁翔", "Shan Jixiang"),
        ("张虎", "Zhang Hu"),
        ("约翰·史密斯", "Yuehan Shimisi"),
    ])
    func personNames(name: String, expected: String) {
        #expect(Pinyin.label(name, kind: .person) == expected)
    }

    @Test(arguments: [
        ("深圳", EntityKind.place, "Shenzhen"),
        ("西安", .place, "Xi'an"),
        ("长沙", .place, "Changsha"),
        ("重庆", .place, "Chongqing"),
        ("厦门", .place, "Xiamen"),
        ("前海石公园", .place, "Qianhaishi Gongyuan"),
        ("省委书记", .role, "Shengwei Shuji"),
        ("省长", .role, "Shengzhang"),
        ("常务副省长", .role, "Changwu Fushengzhang"),
        ("深圳市委书记", .role, "Shenzhen Shiwei Shuji"),
        ("省检察院检察长", .role, "Sheng Jianchayuan Jianchazhang"),
        ("深圳思谋信息科技有限公司", .organization, "Shenzhen Simou Xinxi Keji Youxian Gongsi"),
        ("前海深港现代服务业合作区", .initiative, "Qianhai Shengang Xiandai Fuwuye Hezuoqu"),
        ("中国特色社会主义先行示范区", .initiative, "Zhongguo Tese Shehui Zhuyi Xianxing Shifanqu"),
        ("2022-09-27", .date, "2022-09-27"),
        ("第5届（深圳）论坛", .event, "Di 5 Jie (Shenzhen) Luntan"),
        (
            "全省深入推进《全面深化前海深港现代服务业合作区改革开放方案》现场会", .event,
            "Quansheng Shenru Tuijin \u{201C}Quanmian Shenhua Qianhai Shengang Xiandai Fuwuye Hezuoqu Gaige Kaifang Fang'an\u{201D} Xianchanghui"
        ),
    ])
    func otherNames(name: String, kind: EntityKind, expected: String) {
        #expect(Pinyin.label(name, kind: kind) == expected)
    }

    @Test func nodeLabelsInEachLanguage() {
        let node = GraphSnapshot.Node(id: 1, kind: .person, name: "李希")
        let date = GraphSnapshot.Node(id: 2, kind: .date, name: "2022-09-27")
        #expect(DOTWriter(options: .init(nodeLabels: .zh)).nodeLabel(node) == "李希")
        #expect(DOTWriter(options: .init(nodeLabels: .pinyin)).nodeLabel(node) == "Li Xi")
        #expect(DOTWriter(options: .init(nodeLabels: .both)).nodeLabel(node) == "李希\nLi Xi")
        // Nothing to transliterate: one line.
        #expect(DOTWriter(options: .init(nodeLabels: .both)).nodeLabel(date) == "2022-09-27")
    }

    @Test func longLabelsAreWrappedInBalancedLines() {
        #expect(LabelWrapping.wrapped("省委书记", width: 24) == "省委书记")
        #expect(LabelWrapping.wrapped("深圳市前海深港现代服务业合作区管理局", width: 24) == "深圳市前海深港现代\n服务业合作区管理局")
        #expect(
            LabelWrapping.wrapped("全省深入推进《全面深化前海深港现代服务业合作区改革开放方案》现场会", width: 24)
                == "全省深入推进《全面深化\n前海深港现代服务业合作区\n改革开放方案》现场会")
        #expect(LabelWrapping.wrapped("Sheng Jianchayuan Jianchazhang", width: 26) == "Sheng Jianchayuan\nJianchazhang")
        // Latin words, ASCII brackets included, are never broken.
        #expect(LabelWrapping.wrapped("<script>alert(1)</script>", width: 24) == "<script>alert(1)</script>")
        #expect(LabelWrapping.wrapped("Shenzhen Simou Xinxi Keji Youxian Gongsi", width: 26) == "Shenzhen Simou Xinxi\nKeji Youxian Gongsi")
    }
}

@Suite struct LabelWrappingTests {
    @Test func chineseLinesBreakBetweenWords() {
        #expect(LabelWrapping.wrapped("中国特色社会主义先行示范区", width: 24) == "中国特色社会主义\n先行示范区")
    }
}

@Suite struct PinyinPreparationTests {
    /// Transliterating many names in one transform gives each what it gives alone.
    @Test func preparedTransliterationsAreThoseOfEachNameAlone() {
        let names = [
            "重庆市委书记", "长沙", "曾庆红", "欧阳娜娜", "西安", "2025年全省组织培训工作会议（2025-06-08）",
            "约翰·史密斯", "广东省人民政府", "乐清", "单于", "朝阳区", "行长", "银行", "《广州市数字经济促进条例》",
        ]
        Pinyin.prepare(names)
        var texts = Set<String>()
        for name in names {
            for case .han(let run) in Pinyin.pieces(of: name) {
                texts.insert(String(run))
                for character in run { texts.insert(String(character)) }
            }
        }
        let prepared = Pinyin.transliterations.withLock { known in texts.map { known[$0] } }
        #expect(prepared.allSatisfy { $0 != nil })
        for text in texts {
            #expect(Pinyin.transliterations.withLock { $0[text] } == Pinyin.transliteratedAlone(text), "\(text)")
        }
    }
}
