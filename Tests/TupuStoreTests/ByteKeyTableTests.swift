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
