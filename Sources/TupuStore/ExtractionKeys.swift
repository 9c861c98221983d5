import TupuModel

/// Keys of a ``ByteKeyTable`` written once into one buffer, each with its hash, so that a
/// table can look them up without encoding or hashing them again; it copies their bytes
/// (``ByteKeyTable/subscript(written:at:)``).
///
/// ```swift
/// var keys = WrittenKeys()
/// let first = keys.append(EntityKey(EntityRef(.person, "张三")))   // 0
/// var ids = ByteKeyTable<EntityKey>()
/// ids[written: keys, at: first] = 42
/// ids[EntityKey(EntityRef(.person, "张三"))]                       // 42
/// ```
struct WrittenKeys: Sendable {
    /// The keys' bytes, one after the other.
    private(set) var bytes: [UInt8] = []
    /// Where each key's bytes end in ``bytes``.
    private var ends: [Int] = []
    /// Each key's hash (``ByteKeyTable/hash(_:)``).
    private(set) var hashes: [UInt64] = []

    /// The number of keys written.
    var count: Int { ends.count }

    /// Writes `key` and its hash; returns its index.
    @discardableResult
    mutating func append<Key: ByteKey>(_ key: Key) -> Int {
        let start = bytes.count
        key.write(into: &bytes)
        let hash = bytes.withUnsafeBytes { raw in
            ByteKeyTable<Key>.hash(UnsafeRawBufferPointer(rebasing: raw[start...]))
        }
        ends.append(bytes.count)
        hashes.append(hash)
        return ends.count - 1
    }

    /// Forgets the last key written.
    mutating func removeLast() {
        ends.removeLast()
        hashes.removeLast()
        bytes.removeSubrange((ends.last ?? 0)...)
    }

    /// Where the bytes of the key at `index` are in ``bytes``.
    func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }
}

/// The distinct entities and rules an extraction names, keyed as the batch writer's maps key
/// them (``EntityKey``, ``RuleKey``), and for each mention, alias and fact the positions of its
/// entities and rule among them.
///
/// Made on the thread that extracted the document (``ExtractedDocument``), so the writer looks
/// each entity and rule up once a document, with its key written and hashed already, rather than
/// writing and hashing a key for each of the 70 or so times a document names them (a mention,
/// an alias, a fact's two ends, each rule). The writer's thread bounds an ingest: what it does
/// not do, the extraction threads do beside it.
struct ExtractionKeys: Sendable {
    /// The distinct entities, in the order the mentions, then the aliases, then the facts'
    /// subjects and objects first name them (the order the writer inserts new ones in).
    private(set) var entities: [EntityRef] = []
    private(set) var entityKeys = WrittenKeys()
    /// The distinct rules, in the order the mentions, the aliases, then the facts first name them.
    private(set) var rules: [String] = []
    private(set) var ruleKeys = WrittenKeys()
    /// Each mention's entity and rule.
    private(set) var mentions: [(entity: Int32, rule: Int32)] = []
    /// Each alias's entity and rule (-1 for an alias without a rule).
    private(set) var aliases: [(entity: Int32, rule: Int32)] = []
    /// Each fact's subject, object (-1 for a literal) and evidence rule.
    private(set) var facts: [(subject: Int32, object: Int32, rule: Int32)] = []

    init(_ extraction: Extraction) {
        var entityIndex = ByteKeyTable<EntityKey>(capacity: 2 * extraction.mentions.count)
        var ruleIndex = ByteKeyTable<RuleKey>(capacity: 16)
        func entity(_ ref: EntityRef) -> Int32 {
            let (index, new) = Self.position(of: EntityKey(ref), in: &entityKeys, &entityIndex)
            if new { entities.append(ref) }
            return index
        }
        func rule(_ name: String) -> Int32 {
            let (index, new) = Self.position(of: RuleKey(name), in: &ruleKeys, &ruleIndex)
            if new { rules.append(name) }
            return index
        }
        mentions.reserveCapacity(extraction.mentions.count)
        for mention in extraction.mentions {
            mentions.append((entity(mention.entity), rule(mention.rule)))
        }
        aliases.reserveCapacity(extraction.aliases.count)
        for alias in extraction.aliases {
            aliases.append((entity(alias.entity), alias.rule.isEmpty ? -1 : rule(alias.rule)))
        }
        facts.reserveCapacity(extraction.facts.count)
        for fact in extraction.facts {
            let subject = entity(fact.triple.subject)
            let object = fact.triple.object.entity.map(entity) ?? -1
            facts.append((subject, object, rule(fact.evidence.rule)))
        }
    }

    /// The position of `key` in `keys`, written there (and its position kept in `positions`)
    /// when it is new.
    private static func position<Key: ByteKey>(
        of key: Key, in keys: inout WrittenKeys, _ positions: inout ByteKeyTable<Key>
    ) -> (index: Int32, new: Bool) {
        let index = keys.append(key)
        if let known = positions[written: keys, at: index] {
            keys.removeLast()
            return (Int32(known), false)
        }
        positions[written: keys, at: index] = Int64(index)
        return (Int32(index), true)
    }
}
