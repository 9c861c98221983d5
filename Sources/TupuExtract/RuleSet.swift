import Foundation
import TupuModel

/// What a cue word signals.
public enum CueKind: String, Sendable, Hashable, CaseIterable {
    case attended, presided
    case spokeAt = "spoke_at"
    case reportedAt = "reported_at"
    case visited
    case metWith = "met_with"
    /// 召开, 举行: an event takes place.
    case held

    var predicate: TupuModel.Predicate? {
        switch self {
        case .attended: .attended
        case .presided: .presided
        case .spokeAt: .spokeAt
        case .reportedAt: .reportedAt
        case .visited: .visited
        case .metWith: .metWith
        case .held: nil
        }
    }

    /// Cues that link a person to an event.
    var isParticipation: Bool {
        switch self {
        case .attended, .presided, .spokeAt, .reportedAt: true
        default: false
        }
    }
}

/// What kind of event a suffix names (event-suffixes.txt).
enum EventKind: String, Sendable, Hashable, CaseIterable {
    case meeting, forum, ceremony, exhibition, other
}

/// A place known from the administrative-division lexicon.
struct KnownPlace: Sendable, Hashable {
    /// The name used as the entity's canonical name: the short form when there is one.
    var canonical: String
    var level: String
}

/// What a name suffix makes of the name it ends.
struct SuffixRule: Sendable, Hashable {
    var kind: EntityKind
    /// Weak suffixes (中心, 局 …) only count when the name fills a whole list item or clause part.
    var weak: Bool
    /// Item suffixes (科技, 电气 …) only count when the name fills a whole item of a list of sites.
    var itemOnly = false
}

/// Every lexicon the extractor uses, loaded once.
///
/// The bundled lexicons live in the package's `Resources/lexicons` folder, one file per lexicon;
/// `RuleSet.load(extraDirectories:)` adds the entries of same-named files from other folders,
/// so users extend the rules without rebuilding.
public struct RuleSet: Sendable {
    /// The files a rule folder may hold, with their field checks.
    static let fileSpecs: [(name: String, minimumFields: Int, allowed: [Int: Set<String>])] = [
        ("surnames.txt", 1, [1: ["single", "compound"]]),
        ("places.txt", 2, [1: ["country", "province", "sar", "prefecture", "district"]]),
        ("counties.txt", 2, [1: ["county"]]),
        // The category is checked (a typo is reported with its line); no rule tells the categories apart yet.
        ("offices.txt", 1, [1: ["party", "government", "legislature", "judiciary", "military", "business", "academic", "diplomatic", "foreign", "other"]]),
        ("cues.txt", 2, [1: Set(CueKind.allCases.map(\.rawValue)), 2: ["sites", "named-sites"]]),
        ("event-suffixes.txt", 1, [1: Set(EventKind.allCases.map(\.rawValue))]),
        ("event-references.txt", 1, [1: ["meeting"]]),
        ("org-suffixes.txt", 2, [1: ["organization", "place"], 2: ["weak", "strong", "item"]]),
        ("initiative-suffixes.txt", 1, [2: ["weak", "strong"]]),
        ("group-words.txt", 1, [:]),
        ("name-followers.txt", 1, [:]),
        ("stop-words.txt", 1, [:]),
        ("chrome.txt", 1, [:]),
        ("role-openers.txt", 1, [:]),
        ("organizations.txt", 1, [:]),
        ("transliteration.txt", 1, [:]),
        ("function-words.txt", 2, [1: ["referred-event", "located", "plural-subject", "pair-subject", "clause-adverb", "byline", "initiative-verb", "initiative-tail", "time-of-day", "presence-verb", "congress-body", "congress-tail", "organization-collective", "place-opener", "initiative-collective", "speech-verb", "speech-continuation", "promote-verb", "part-noun", "copula", "title-organization", "title-organ", "promote-tail", "list-opener", "conjunction", "name-joiner", "item-joiner", "activity-joiner", "pronoun", "group-suffix", "doctrine-suffix", "publication-suffix", "report-word", "posted-to", "referring-verb", "country-pair", "report-opener", "report-noun", "generic-site", "county-suffix", "region-suffix", "place-section", "byline-end", "congress-number", "during", "dateline", "locative", "held-tail", "organizer-verb", "not-in-name", "demonstrative", "gap-stop", "companion", "inclusion-verb", "holding-verb", "elected-to", "place-tail", "dateline-head", "event-adjective", "short-form", "today", "yesterday", "day-before-yesterday", "tomorrow", "this-year", "last-year", "next-year"]]),
        ("place-abbreviations.txt", 2, [:]),
    ]

    var surnames = PhraseTable<Void>()
    var places = PhraseTable<KnownPlace>()
    var offices = PhraseTable<Void>()
    var cues = PhraseTable<CueKind>()
    /// Verbs of movement whose objects are a list of sites (前往, 来到); `true` for the named-sites
    /// ones (深入), a visit cue only before a site the list names.
    var siteCues = PhraseTable<Bool>()
    /// Cues that end with a verb of holding (主持召开, 共同举行): whoever presides over the event
    /// there also says where it was held.
    var convokingCues = PhraseTable<Void>()
    /// The verbs of holding that end the ``convokingCues`` (召开, 举行).
    var holdingVerbs = PhraseTable<Void>()
    var eventSuffixes = PhraseTable<EventKind>()
    /// Words that refer back to a named event; true for those that refer to a meeting (会议, 会上).
    var eventReferences = PhraseTable<Bool>()
    var nameSuffixes = PhraseTable<SuffixRule>()
    var groupWords = PhraseTable<Void>()
    var nameFollowers = PhraseTable<Void>()
    var stopWords = PhraseTable<Void>()
    var chromePrefixes = PhraseTable<Void>()
    var roleOpeners = PhraseTable<Void>()
    /// Organizations known by name (national institutions).
    var organizations = PhraseTable<Void>()
    /// Characters of transliterated foreign names.
    var transliteration = ScalarSet()
    /// Countries, whose titles may precede a transliterated name.
    var countries = PhraseTable<Void>()
    /// Words after an event name that only refer to it (精神, 以来).
    var referredEventMarkers = PhraseTable<Void>()
    /// Words that state where something is (位于).
    var locatedWords = PhraseTable<Void>()
    /// Words that stand for the persons named just before (两人, 双方), with how many they stand
    /// for (2 for 两人, 双方; 0 for any number: 他们).
    var pluralSubjects = PhraseTable<Int>()
    /// Adverbs that open a clause before its verb (其后, 随后, 共同).
    var clauseAdverbs = PhraseTable<Void>()
    /// Words before the name of who wrote or photographed a report (记者, 通讯员).
    var bylineWords = PhraseTable<Void>()
    /// 摄, 报道: words that close a byline after the name.
    var bylineEnds = PhraseTable<Void>()
    /// Verbs before a quoted programme name (建设“三个名城”).
    var initiativeVerbs = PhraseTable<Void>()
    /// Words after a quoted programme name (“一带一路”倡议).
    var initiativeTails = PhraseTable<Void>()
    /// Parts of a day or a year after a date (上午, 晚上, 底).
    var timesOfDay = PhraseTable<Void>()
    /// Verbs of looking or speaking that say the subject was at the sites just listed (了解, 强调).
    var presenceVerbs = PhraseTable<Void>()
    /// Bodies in front of a numbered congress (党的, 省委) and the words that end one (大, 全会, 党代会).
    var congressBodies = PhraseTable<Void>()
    var congressTails = PhraseTable<Void>()
    /// Words after 等 that make a list's items organizations (等企业, 等单位).
    var organizationCollectives = PhraseTable<Void>()
    /// Words after a programme that say it is advanced (X建设, X等平台建设).
    var promoteTails = PhraseTable<Void>()
    /// Prepositions that open a list of places (同横琴、南沙).
    var listOpeners = PhraseTable<Void>()
    /// Weak suffixes of companies named at the head of a title (华润集团董事长, 港铁公司董事局主席).
    var titleOrganizationSuffixes = PhraseTable<Void>()
    /// Suffixes of organs that stay part of a title (党工委 of 高新区党工委书记).
    var titleOrgans = PhraseTable<Void>()
    /// Words after 等 that make a list's items initiatives (等平台建设, 等园区).
    var initiativeCollectives = PhraseTable<Void>()
    /// Verbs that open what a person says (强调, 指出, 要求).
    var speechVerbs = PhraseTable<Void>()
    /// Words that open a paragraph going on with the same speech (二是, 同时, 要).
    var speechContinuations = PhraseTable<Void>()
    /// Verbs of advancing a programme (推进, 推动, 打造, 办好).
    var promoteVerbs = PhraseTable<Void>()
    /// Nouns that say one thing is part of another (组成部分, 核心区), and the copulas before (是, 作为).
    var partNouns = PhraseTable<Void>()
    var copulas = PhraseTable<Void>()
    /// Verbs and prepositions a one-character place abbreviation follows (在京, 抵沪, 驻港).
    var placeOpeners = PhraseTable<Void>()
    /// One-character words that join phrases (和, 与, 及, 并); those that always join a name to
    /// what follows (与, 同); those that join two parts of one site (和, 及); those that join two
    /// activities after a cue (和, 及, 与).
    var conjunctions = ScalarSet()
    var nameJoiners = ScalarSet()
    var itemJoiners = ScalarSet()
    var activityJoiners = ScalarSet()
    /// Third-person pronouns that stand for the person named before (他, 她).
    var pronouns = ScalarSet()
    /// 团, 组: characters that end a group's name (宣讲团), never a given name.
    var groupSuffixes = ScalarSet()
    /// 理论, 思想: words that make a person's name before them the name of a doctrine (邓小平理论).
    var doctrineSuffixes = PhraseTable<Void>()
    /// 报, 杂志: the last word of a short name in title marks that names a newspaper or magazine (《明报》).
    var publicationSuffixes = PhraseTable<Void>()
    /// 公报, 通报: words ending in a publication suffix that name a document, not a publication (《会议公报》).
    var reportWords = PhraseTable<Void>()
    /// 驻: after an organization, makes its name run on to its office in a place (外交部驻香港特派员公署).
    var postedTo = PhraseTable<Void>()
    /// Datelines without a date (本报讯) that open a report.
    var datelineHeads = PhraseTable<Void>()
    /// Words that describe an event with 的 before its name (隆重的首播仪式).
    var eventAdjectives = PhraseTable<Void>()
    /// Words of position that end a site after a visit cue (脚下, 附近, 一带).
    var placeTails = PhraseTable<Void>()
    /// Verbs of taking an office between a name and its title (当选, 出任).
    var electedTo = PhraseTable<Void>()
    /// 贯彻, 传达: before an event's name, makes it an event only referred to (学习贯彻党的二十大…精神).
    var referringVerbs = PhraseTable<Void>()
    /// 中德, 中美: two countries written together before what they share; never a person's name.
    var countryPairs = PhraseTable<Void>()
    /// 作了关于: opens a report whose subject is named before the report noun that ends the clause.
    var reportOpeners = PhraseTable<Void>()
    /// 说明, 报告: ends a clause opened by a report opener (作了关于…的说明).
    var reportNouns = PhraseTable<Void>()
    /// Common nouns for where a visit goes that name no site of their own (车间, 大棚, 基层).
    var genericSites = PhraseTable<Void>()
    /// Characters that go with the numerals of a numbered congress (届, 次, 、, 中).
    var congressNumbering = ScalarSet()
    /// Words that close a place abbreviation (期间).
    var duringWords = PhraseTable<Void>()
    /// The character that ends a news agency's dateline after its date (电).
    var datelineMarks = ScalarSet()
    /// Prepositions before where something is held (在, 于).
    var locatives = ScalarSet()
    /// Words that may follow the verb of holding at the end of a clause (了, 开幕, 闭幕).
    var heldTails = PhraseTable<Void>()
    /// Words that point back at something named before (这次, 本次, 这一, 上述): before an event
    /// word, a reference to an event the article named.
    var demonstratives = PhraseTable<Void>()
    /// Characters never in a given name: particles, pronouns, the marks of a list or a plural
    /// (了, 的, 他, 她, 等, 们).
    var notInNames = ScalarSet()
    /// Verbs of holding an event that are no cue (主办, 承办): before 的, what comes before them in an
    /// event's name says who holds it (由国防部主办的招待会).
    var organizerVerbs = PhraseTable<Void>()
    /// Characters that no verb phrase between a subject and its cue holds (的, 对).
    var gapStops = ScalarSet()
    /// Words after which the persons named before accompanied the subject (陪同).
    var companionWords = PhraseTable<Void>()
    /// Relative day words and their offset in days from the publication date (今天 0, 昨天 -1).
    var relativeDays = PhraseTable<Int>()
    /// Years named relative to the publication date (今年 0, 去年 -1, 明年 1).
    var relativeYears = PhraseTable<Int>()
    /// Words that introduce the short form of a name written before (简称).
    var shortFormMarkers = PhraseTable<Void>()
    /// Verbs after a group word that open the list of its members (包括, 有).
    var inclusionVerbs = PhraseTable<Void>()
    /// One-character short forms of places (京, 沪) and the place each stands for.
    var placeAbbreviations = PhraseTable<KnownPlace>()
    /// Short forms of counties and county-level cities (上杭 of 上杭县, 昆山 of 昆山市) and the
    /// names, full and short, of the places above each (龙岩市, 龙岩, 福建省, 福建): written right
    /// after one of those (福建上杭, 江苏昆山), the short form joins it into one place.
    var countiesAfterPlaces = PhraseTable<Set<String>>()
    /// The ends of a county's full name its short form leaves out (县 of 上杭县, 市 of 昆山市).
    var countySuffixes = PhraseTable<Void>()
    /// Ends the name of a region of cities (粤港澳大湾区): a place that a speech can promote and a
    /// platform be part of, like an initiative (推进粤港澳大湾区建设).
    var regionSuffixes = PhraseTable<Void>()
    /// Words after a place within a river or road that name the stretch there (段 of 长江南京段).
    var placeSections = PhraseTable<Void>()

    /// Entry counts per lexicon file, for `tupu rules` style listings and tests.
    public private(set) var entryCounts: [String: Int] = [:]

    /// Builds a rule set from parsed lexicon files (files with the same name are merged in order).
    public init(files: [LexiconFile]) throws(RuleFileError) {
        var cueWords: [String] = []
        // Each division's parent and canonical name, and the counties, for countiesAfterPlaces.
        var parents: [String: String] = [:], canonicals: [String: String] = [:], counties: [String] = []
        for file in files {
            let base = (file.name as NSString).lastPathComponent
            entryCounts[base, default: 0] += file.entries.count
            for entry in file.entries {
                let key = entry[0]
                switch base {
                case "surnames.txt": surnames.insert(key, ())
                case "counties.txt":
                    // Full names only: short forms (和平, 云龙) are common words and given names.
                    places.insert(key, KnownPlace(canonical: key, level: entry[1]))
                    if !entry[2].isEmpty { parents[key] = entry[2] }
                    counties.append(key)
                case "places.txt":
                    let short = entry[3]
                    let place = KnownPlace(canonical: short.isEmpty ? key : short, level: entry[1])
                    places.insert(key, place)
                    canonicals[key] = place.canonical
                    if !entry[2].isEmpty { parents[key] = entry[2] }
                    if entry[1] == "country" { countries.insert(key, ()) }
                    // Districts' short forms (和平, 南山 …) are common words; only full names match.
                    if !short.isEmpty, entry[1] != "district" { places.insert(short, place) }
                case "offices.txt": offices.insert(key, ())
                case "cues.txt":
                    guard let cue = CueKind(rawValue: entry[1]) else {
                        throw RuleFileError(file: file.name, line: entry.line, message: "unknown cue kind \(entry[1])")
                    }
                    // A named-sites cue (深入) is a cue only before a site it names: no word of `cues`.
                    if entry[2] == "named-sites" {
                        siteCues.insert(key, true)
                        continue
                    }
                    cues.insert(key, cue)
                    if entry[2] == "sites" { siteCues.insert(key, false) }
                    cueWords.append(key)
                case "event-suffixes.txt": eventSuffixes.insert(key, EventKind(rawValue: entry[1]) ?? .other)
                case "event-references.txt": eventReferences.insert(key, entry[1] == "meeting")
                case "org-suffixes.txt":
                    let kind: EntityKind = entry[1] == "place" ? .place : .organization
                    nameSuffixes.insert(key, SuffixRule(kind: kind, weak: entry[2] == "weak" || entry[2] == "item", itemOnly: entry[2] == "item"))
                case "initiative-suffixes.txt":
                    nameSuffixes.insert(key, SuffixRule(kind: .initiative, weak: entry[2] == "weak"))
                case "group-words.txt": groupWords.insert(key, ())
                case "name-followers.txt": nameFollowers.insert(key, ())
                case "stop-words.txt": stopWords.insert(key, ())
                case "chrome.txt": chromePrefixes.insert(key, ())
                case "role-openers.txt": roleOpeners.insert(key, ())
                case "organizations.txt": organizations.insert(key, ())
                case "transliteration.txt": transliteration.formUnion(key.unicodeScalars)
                case "function-words.txt":
                    switch entry[1] {
                    case "referred-event": referredEventMarkers.insert(key, ())
                    case "located": locatedWords.insert(key, ())
                    case "clause-adverb": clauseAdverbs.insert(key, ())
                    case "byline": bylineWords.insert(key, ())
                    case "byline-end": bylineEnds.insert(key, ())
                    case "initiative-verb": initiativeVerbs.insert(key, ())
                    case "initiative-tail": initiativeTails.insert(key, ())
                    case "time-of-day": timesOfDay.insert(key, ())
                    case "presence-verb": presenceVerbs.insert(key, ())
                    case "congress-body": congressBodies.insert(key, ())
                    case "congress-tail": congressTails.insert(key, ())
                    case "organization-collective": organizationCollectives.insert(key, ())
                    case "place-opener": placeOpeners.insert(key, ())
                    case "initiative-collective": initiativeCollectives.insert(key, ())
                    case "speech-verb": speechVerbs.insert(key, ())
                    case "speech-continuation": speechContinuations.insert(key, ())
                    case "promote-verb": promoteVerbs.insert(key, ())
                    case "part-noun": partNouns.insert(key, ())
                    case "copula": copulas.insert(key, ())
                    case "title-organization": titleOrganizationSuffixes.insert(key, ())
                    case "title-organ": titleOrgans.insert(key, ())
                    case "promote-tail": promoteTails.insert(key, ())
                    case "list-opener": listOpeners.insert(key, ())
                    case "conjunction": conjunctions.formUnion(key.unicodeScalars)
                    case "name-joiner": nameJoiners.formUnion(key.unicodeScalars)
                    case "item-joiner": itemJoiners.formUnion(key.unicodeScalars)
                    case "activity-joiner": activityJoiners.formUnion(key.unicodeScalars)
                    case "pronoun": pronouns.formUnion(key.unicodeScalars)
                    case "group-suffix": groupSuffixes.formUnion(key.unicodeScalars)
                    case "doctrine-suffix": doctrineSuffixes.insert(key, ())
                    case "publication-suffix": publicationSuffixes.insert(key, ())
                    case "report-word": reportWords.insert(key, ())
                    case "posted-to": postedTo.insert(key, ())
                    case "elected-to": electedTo.insert(key, ())
                    case "place-tail": placeTails.insert(key, ())
                    case "dateline-head": datelineHeads.insert(key, ())
                    case "event-adjective": eventAdjectives.insert(key, ())
                    case "referring-verb": referringVerbs.insert(key, ())
                    case "country-pair": countryPairs.insert(key, ())
                    case "report-opener": reportOpeners.insert(key, ())
                    case "report-noun": reportNouns.insert(key, ())
                    case "generic-site": genericSites.insert(key, ())
                    case "county-suffix": countySuffixes.insert(key, ())
                    case "region-suffix": regionSuffixes.insert(key, ())
                    case "place-section": placeSections.insert(key, ())
                    case "congress-number": congressNumbering.formUnion(key.unicodeScalars)
                    case "during": duringWords.insert(key, ())
                    case "dateline": datelineMarks.formUnion(key.unicodeScalars)
                    case "locative": locatives.formUnion(key.unicodeScalars)
                    case "held-tail": heldTails.insert(key, ())
                    case "organizer-verb": organizerVerbs.insert(key, ())
                    case "not-in-name": notInNames.formUnion(key.unicodeScalars)
                    case "demonstrative": demonstratives.insert(key, ())
                    case "gap-stop": gapStops.formUnion(key.unicodeScalars)
                    case "companion": companionWords.insert(key, ())
                    case "inclusion-verb": inclusionVerbs.insert(key, ())
                    case "holding-verb": holdingVerbs.insert(key, ())
                    case "short-form": shortFormMarkers.insert(key, ())
                    case "today": relativeDays.insert(key, 0)
                    case "yesterday": relativeDays.insert(key, -1)
                    case "day-before-yesterday": relativeDays.insert(key, -2)
                    case "tomorrow": relativeDays.insert(key, 1)
                    case "this-year": relativeYears.insert(key, 0)
                    case "last-year": relativeYears.insert(key, -1)
                    case "next-year": relativeYears.insert(key, 1)
                    case "pair-subject": pluralSubjects.insert(key, 2)
                    default: pluralSubjects.insert(key, 0)
                    }
                case "place-abbreviations.txt":
                    placeAbbreviations.insert(key, KnownPlace(canonical: entry[1], level: "abbreviation"))
                default:
                    throw RuleFileError(
                        file: file.name, line: 0,
                        message: "unknown lexicon file; expected one of \(Self.fileSpecs.map(\.name).joined(separator: ", "))")
                }
            }
        }
        // After every file: county short forms with the places above them.
        for county in counties {
            let scalars = Array(county.unicodeScalars)
            guard let suffix = countySuffixes.longestMatch(in: scalars, endingAt: scalars.count), scalars.count - suffix.length >= 2 else { continue }
            var above = Set<String>()
            var parent = parents[county]
            while let name = parent, above.insert(name).inserted {
                if let canonical = canonicals[name] { above.insert(canonical) }
                parent = parents[name]
            }
            guard !above.isEmpty else { continue }
            let short = String(String.UnicodeScalarView(scalars.dropLast(suffix.length)))
            countiesAfterPlaces.insert(short, above.union(countiesAfterPlaces.value(of: short) ?? []))
        }
        // After every file: the verbs of holding come from function-words.txt.
        for word in cueWords {
            let scalars = Array(word.unicodeScalars)
            if holdingVerbs.longestMatch(in: scalars, endingAt: scalars.count) != nil { convokingCues.insert(word, ()) }
        }
    }

    /// Parses one lexicon file by its name's rules.
    public static func parse(name: String, text: String, path: String? = nil) throws(RuleFileError) -> LexiconFile {
        guard let spec = fileSpecs.first(where: { $0.name == name }) else {
            throw RuleFileError(
                file: path ?? name, line: 0,
                message: "unknown lexicon file; expected one of \(fileSpecs.map(\.name).joined(separator: ", "))")
        }
        return try LexiconFile(name: path ?? name, text: text, minimumFields: spec.minimumFields, allowedValues: spec.allowed)
    }

    /// Reads every lexicon file of a folder.
    static func readFolder(_ folder: URL) throws(RuleFileError) -> [LexiconFile] {
        var files: [LexiconFile] = []
        for spec in fileSpecs {
            let url = folder.appendingPathComponent(spec.name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw RuleFileError(file: url.path, line: 0, message: "cannot read the file as UTF-8 (\(error.localizedDescription))")
            }
            files.append(try parse(name: spec.name, text: text, path: url.path))
        }
        return files
    }

    /// The lexicons shipped with Tupu (the surnames from ``TupuModel/Surnames``), plus those of
    /// `extraDirectories` (same file names, entries added).
    public static func load(extraDirectories: [URL] = []) throws(RuleFileError) -> RuleSet {
        guard let bundled = Bundle.module.url(forResource: "lexicons", withExtension: nil) else {
            throw RuleFileError(file: "lexicons", line: 0, message: "the bundled lexicons are missing from the installation; rebuild Tupu")
        }
        // The surnames are bundled with TupuModel, which the pinyin labels read too.
        guard let surnames = Surnames.bundledFile, let surnameText = try? String(contentsOf: surnames, encoding: .utf8) else {
            throw RuleFileError(file: "surnames.txt", line: 0, message: "the bundled surname list is missing from the installation; rebuild Tupu")
        }
        var files = [try parse(name: "surnames.txt", text: surnameText, path: surnames.path)] + (try readFolder(bundled))
        for folder in extraDirectories {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw RuleFileError(file: folder.path, line: 0, message: "not a folder of lexicon files")
            }
            let extra = try readFolder(folder)
            if extra.isEmpty {
                throw RuleFileError(
                    file: folder.path, line: 0,
                    message: "holds none of the lexicon files \(fileSpecs.map(\.name).joined(separator: ", "))")
            }
            files += extra
        }
        return try RuleSet(files: files)
    }
}
