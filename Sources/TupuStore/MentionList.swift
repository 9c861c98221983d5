/// The mentions of one document as the store keeps them: one row per document, the spans
/// packed in a blob, since nothing looks a single mention up.
///
/// Each mention is four unsigned LEB128 varints: its start minus the previous mention's start
/// (mentions are sorted by start, then end, entity and rule), its length, its entity id and
/// its rule id (0 for none). A mention of the same entity over the same span is kept once.
/// About 6 bytes a mention, against about 34 for a row and its index entry.
struct MentionList: Equatable {
    struct Item: Equatable, Comparable {
        var start: Int
        var end: Int
        var entityId: Int64
        var ruleId: Int64?

        static func < (a: Item, b: Item) -> Bool {
            (a.start, a.end, a.entityId, a.ruleId ?? 0) < (b.start, b.end, b.entityId, b.ruleId ?? 0)
        }
    }

    /// Sorted, without two items of the same span and entity.
    private(set) var items: [Item]

    init(_ items: [Item]) {
        // Sorted, the mentions of one span and entity are next to each other: the first is kept.
        var kept: [Item] = []
        kept.reserveCapacity(items.count)
        for item in items.sorted() {
            if let last = kept.last, last.start == item.start, last.end == item.end, last.entityId == item.entityId { continue }
            kept.append(item)
        }
        self.items = kept
    }

    /// The distinct entities mentioned, sorted.
    var entityIds: [Int64] { Set(items.map(\.entityId)).sorted() }

    var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(items.count * 6)
        var previous = 0
        for item in items {
            Varint.append(UInt64(max(item.start - previous, 0)), to: &bytes)
            Varint.append(UInt64(max(item.end - item.start, 0)), to: &bytes)
            Varint.append(UInt64(max(item.entityId, 0)), to: &bytes)
            Varint.append(UInt64(max(item.ruleId ?? 0, 0)), to: &bytes)
            previous = item.start
        }
        return bytes
    }

    /// The list a blob encodes, or nil when the blob is damaged.
    init?(encoded bytes: [UInt8]) {
        var items: [Item] = []
        var offset = 0
        var start = 0
        while offset < bytes.count {
            guard let delta = Varint.read(bytes, &offset), let length = Varint.read(bytes, &offset),
                  let entity = Varint.read(bytes, &offset), let rule = Varint.read(bytes, &offset),
                  delta < UInt64(Int32.max), length < UInt64(Int32.max), entity < UInt64(Int64.max), rule < UInt64(Int64.max)
            else { return nil }
            start += Int(delta)
            items.append(Item(start: start, end: start + Int(length), entityId: Int64(entity), ruleId: rule == 0 ? nil : Int64(rule)))
        }
        self.items = items
    }
}
