import Testing
import TupuModel
@testable import TupuStore

/// The writer's table of ids holds what a dictionary given the same keys holds, through growth
/// and after being emptied: names of every length (none, under and over eight bytes), the same
/// name under two kinds, and names that differ only in their last byte.
@Test func aByteKeyTableHoldsWhatADictionaryHolds() {
    var random = SplitMix64(seed: 11)
    var table = ByteKeyTable<EntityKey>(capacity: 2)
    var dictionary: [String: Int64] = [:]
    let kinds: [EntityKind] = [.person, .place, .organization]
    for step in 0..<20_000 {
        let kind = kinds[Int.random(in: 0..<kinds.count, using: &random)]
        let number = Int.random(in: 0..<3_000, using: &random)
        let name = number % 7 == 0 ? "" : String(repeating: "广东省", count: number % 5) + "人\(number)"
        let key = EntityKey(EntityRef(kind, name))
        if Bool.random(using: &random) {
            table[key] = Int64(step)
            dictionary[kind.rawValue + "\u{0}" + name] = Int64(step)
        }
        #expect(table[key] == dictionary[kind.rawValue + "\u{0}" + name])
        if step == 10_000 {
            #expect(table.count == dictionary.count)
            table.removeAll()
            dictionary.removeAll()
            #expect(table[key] == nil)
        }
    }
    #expect(table.count == dictionary.count)
}

/// Keys compare by their bytes, as SQLite's unique keys do: a name with a precomposed é and one
/// with e and a combining accent are two keys (Swift compares them equal), and a triple's key
/// tells a literal from an object id.
@Test func byteKeysCompareBytesNotCharacters() {
    var entities = ByteKeyTable<EntityKey>()
    entities[EntityKey(EntityRef(.person, "Ren\u{E9}"))] = 1
    #expect(entities[EntityKey(EntityRef(.person, "Rene\u{301}"))] == nil)
    #expect(entities[EntityKey(EntityRef(.person, "Ren\u{E9}"))] == 1)

    var triples = ByteKeyTable<TripleKey>()
    triples[TripleKey(subject: 1, predicate: .publishedOn, object: -1, literal: "2024-01-01")] = 5
    triples[TripleKey(subject: 1, predicate: .attended, object: 2, literal: nil)] = 6
    #expect(triples[TripleKey(subject: 1, predicate: .publishedOn, object: -1, literal: "2024-01-02")] == nil)
    #expect(triples[TripleKey(subject: 1, predicate: .publishedOn, object: -1, literal: "2024-01-01")] == 5)
    #expect(triples[TripleKey(subject: 1, predicate: .attended, object: 2, literal: nil)] == 6)
    #expect(triples[TripleKey(subject: 1, predicate: .heldIn, object: 2, literal: nil)] == nil)
    #expect(triples[TripleKey(subject: 2, predicate: .attended, object: 1, literal: nil)] == nil)
    #expect(triples.count == 2)
}

/// A key written beforehand (``WrittenKeys``, as the extraction threads write them) is the key
/// itself to a table: set one way, it is found the other, through growth; a key removed from
/// the buffer leaves the others where they were.
@Test func aWrittenKeyIsTheKeyItself() {
    var random = SplitMix64(seed: 12)
    var table = ByteKeyTable<EntityKey>(capacity: 2)
    var keys = WrittenKeys()
    var refs: [EntityRef] = []
    for step in 0..<3_000 {
        let number = Int.random(in: 0..<1_000, using: &random)
        let ref = EntityRef(number % 2 == 0 ? .person : .place, String(repeating: "前海", count: number % 6) + "\(number)")
        let index = keys.append(EntityKey(ref))
        refs.append(ref)
        if step % 3 == 0 {
            table[written: keys, at: index] = Int64(step)
            #expect(table[EntityKey(ref)] == Int64(step))
        } else {
            table[EntityKey(ref)] = Int64(step)
            #expect(table[written: keys, at: index] == Int64(step))
        }
    }
    keys.append(EntityKey(EntityRef(.person, "不在表中的名字")))
    #expect(table[written: keys, at: keys.count - 1] == nil)
    keys.removeLast()
    #expect(keys.count == refs.count)
    for (index, ref) in refs.enumerated() {
        #expect(table[written: keys, at: index] == table[EntityKey(ref)])
        #expect(keys.hashes[index] == ByteKeyTable<EntityKey>.hash(Array(keys.bytes[keys.range(index)])))
    }
}

/// An extraction's keys name each entity and rule once, in the order the writer first needs
/// them, and each mention, alias and fact points at its own.
@Test func extractionKeysIndexEachEntityAndRuleOnce() {
    let li = EntityRef(.person, "李希"), meeting = EntityRef(.event, "现场会"), place = EntityRef(.place, "前海")
    func mention(_ ref: EntityRef, _ rule: String) -> Mention {
        Mention(entity: ref, span: Span(start: 0, end: 2), surface: ref.name, rule: rule)
    }
    let extraction = Extraction(
        mentions: [mention(li, "surname"), mention(meeting, "event"), mention(li, "surname")],
        aliases: [Alias(entity: place, alias: "前海合作区", rule: ""), Alias(entity: li, alias: "李", rule: "short")],
        facts: [
            Fact(Triple(li, .attended, meeting), evidence: Evidence(sentence: Span(start: 0, end: 9), span: Span(start: 0, end: 5), rule: "attend", confidence: 1)),
            Fact(Triple(meeting, .heldOn, .literal("2023-01-01")), evidence: Evidence(sentence: Span(start: 0, end: 9), span: Span(start: 0, end: 5), rule: "event", confidence: 1)),
        ])
    let keys = ExtractionKeys(extraction)
    #expect(keys.entities == [li, meeting, place])
    #expect(keys.rules == ["surname", "event", "short", "attend"])
    #expect(keys.entityKeys.count == 3 && keys.ruleKeys.count == 4)
    for (mention, key) in zip(extraction.mentions, keys.mentions) {
        #expect(keys.entities[Int(key.entity)] == mention.entity && keys.rules[Int(key.rule)] == mention.rule)
    }
    #expect(keys.aliases.map(\.entity) == [2, 0] && keys.aliases.map(\.rule) == [-1, 2])
    #expect(keys.facts.map(\.subject) == [0, 1] && keys.facts.map(\.object) == [1, -1] && keys.facts.map(\.rule) == [3, 1])
    var table = ByteKeyTable<EntityKey>()
    table[EntityKey(place)] = 7
    #expect(table[written: keys.entityKeys, at: 2] == 7 && table[written: keys.entityKeys, at: 0] == nil)
}
