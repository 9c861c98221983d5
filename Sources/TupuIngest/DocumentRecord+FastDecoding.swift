import TupuModel

extension DocumentRecord {
    /// Reads a record line as `JSONDecoder` reads it (in ``decode(_:path:line:)``), for the
    /// lines `tupu extract --format jsonl` writes: a scanner of the record's own keys and JSON's grammar, without
    /// `Codable`. Nil for anything it does not read (a key it does not know, a key given twice, a
    /// number or a string it does not parse, JSON that is not well formed); the caller then
    /// decodes the line with `JSONDecoder`, which reads what is valid and says what is wrong.
    ///
    /// `JSONDecoder` took about 1.2 ms of CPU a record of the benchmark (generic containers
    /// made and looked up for every key of every mention and fact), three times what the
    /// writer spends storing it, and `ingest --from-jsonl` decodes every line twice (its check
    /// first): it was the bound of that ingest, not the writer.
    static func fastDecode(_ bytes: UnsafeBufferPointer<UInt8>) -> DocumentRecord? {
        var scanner = RecordScanner(bytes)
        guard let record = scanner.record(), scanner.atEnd() else { return nil }
        return record
    }
}

/// The scanner of ``DocumentRecord/fastDecode(_:)``: each method reads one value at ``position``
/// (after white space) and returns nil when the bytes there are not what it reads.
private struct RecordScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func atEnd() -> Bool {
        skipSpace()
        return position == bytes.count
    }

    mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    /// Takes `byte` (after white space) if it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// Takes `null` if it is next.
    mutating func takeNull() -> Bool {
        skipSpace()
        guard position + 4 <= bytes.count, bytes[position] == 0x6E, bytes[position + 1] == 0x75,
              bytes[position + 2] == 0x6C, bytes[position + 3] == 0x6C
        else { return false }
        position += 4
        return true
    }

    /// Reads an object, calling `member` with each key (the value follows); false when the
    /// object is not well formed or `member` returns false.
    mutating func object(_ member: (inout RecordScanner, String) -> Bool) -> Bool {
        guard take(0x7B) else { return false }  // {
        if take(0x7D) { return true }  // }
        repeat {
            guard let key = string(), take(0x3A), member(&self, key) else { return false }  // :
        } while take(0x2C)  // ,
        return take(0x7D)
    }

    /// Reads an array of what `element` reads.
    mutating func array<T>(_ element: (inout RecordScanner) -> T?) -> [T]? {
        guard take(0x5B) else { return nil }  // [
        var items: [T] = []
        if take(0x5D) { return items }  // ]
        repeat {
            guard let item = element(&self) else { return nil }
            items.append(item)
        } while take(0x2C)
        return take(0x5D) ? items : nil
    }

    /// Reads a string: its bytes must be valid UTF-8 with no control character, its escapes
    /// JSON's (a `\u` escape of a surrogate only as half of a pair).
    mutating func string() -> String? {
        guard take(0x22) else { return nil }  // "
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x22 {
                let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == 0x5C { return escapedString(from: start) }  // \
            if byte < 0x20 { return nil }
            position += 1
        }
        return nil
    }

    /// The rest of a string with escapes, from its first byte at `start`.
    private mutating func escapedString(from start: Int) -> String? {
        var text: [UInt8] = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case 0x22: return String(validating: text, as: UTF8.self)
            case 0x5C:
                guard position < bytes.count else { return nil }
                let escape = bytes[position]
                position += 1
                switch escape {
                case 0x22, 0x5C, 0x2F: text.append(escape)
                case 0x62: text.append(0x08)
                case 0x66: text.append(0x0C)
                case 0x6E: text.append(0x0A)
                case 0x72: text.append(0x0D)
                case 0x74: text.append(0x09)
                case 0x75:
                    guard var scalar = hexUnit() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        // The low half must follow at once (no white space between the halves).
                        guard position + 1 < bytes.count, bytes[position] == 0x5C, bytes[position + 1] == 0x75 else { return nil }
                        position += 2
                        guard let low = hexUnit(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    // U+0000 is left to JSONDecoder too.
                    guard scalar != 0, let unicode = Unicode.Scalar(scalar) else { return nil }
                    text.append(contentsOf: String(Character(unicode)).utf8)
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                text.append(byte)
            }
        }
        return nil
    }

    /// Four hexadecimal digits.
    private mutating func hexUnit() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: return nil
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    /// Reads an integer written as digits (a minus sign allowed), with no fraction or exponent.
    mutating func integer() -> Int? {
        skipSpace()
        var negative = false
        if position < bytes.count, bytes[position] == 0x2D {
            negative = true
            position += 1
        }
        let start = position
        var value = 0
        while position < bytes.count, (0x30...0x39).contains(bytes[position]) {
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(Int(bytes[position] - 0x30))
            guard !overflowTimes, !overflowSum else { return nil }
            value = sum
            position += 1
        }
        let digits = position - start
        guard digits > 0, digits == 1 || bytes[start] != 0x30, !(negative && value == 0) else { return nil }
        if position < bytes.count, [0x2E, 0x65, 0x45].contains(bytes[position]) { return nil }  // . e E
        return negative ? -value : value
    }

    /// Reads a number as JSON writes one (`-`, digits, a fraction, an exponent).
    mutating func number() -> Double? {
        skipSpace()
        let start = position
        func digits() -> Int {
            let from = position
            while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
            return position - from
        }
        if position < bytes.count, bytes[position] == 0x2D { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != 0x30 else { return nil }
        if position < bytes.count, bytes[position] == 0x2E {
            position += 1
            guard digits() > 0 else { return nil }
        }
        if position < bytes.count, bytes[position] == 0x65 || bytes[position] == 0x45 {
            position += 1
            if position < bytes.count, bytes[position] == 0x2B || bytes[position] == 0x2D { position += 1 }
            guard digits() > 0 else { return nil }
        }
        // A number too large for a Double is left to JSONDecoder (and its message).
        guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)),
              value.isFinite
        else { return nil }
        return value
    }

    /// Reads a string or `null`: `.some(nil)` for null.
    mutating func optionalString() -> String?? {
        if takeNull() { return .some(nil) }
        return string().map { .some($0) }
    }

    // MARK: The record's own values

    /// Reads the fields `names` lists, each at most once, with `field` (given the field's index
    /// in `names`); false when a field is unknown, given twice or unreadable.
    mutating func fields(_ names: [String], _ field: (inout RecordScanner, Int) -> Bool) -> Bool {
        var seen: UInt32 = 0
        return object { scanner, key in
            guard let index = names.firstIndex(of: key), seen & (1 << index) == 0 else { return false }
            seen |= 1 << index
            return field(&scanner, index)
        }
    }

    mutating func entity() -> DocumentRecord.Entity? {
        var kind: EntityKind?
        var name: String?
        let read = fields(["kind", "name"]) { scanner, index in
            switch index {
            case 0: kind = scanner.string().flatMap(EntityKind.init(rawValue:))
            default: name = scanner.string()
            }
            return index == 0 ? kind != nil : name != nil
        }
        guard read, let kind, let name else { return nil }
        return DocumentRecord.Entity(EntityRef(kind, name))
    }

    mutating func document() -> DocumentRecord.Document? {
        var path: String?, source: String?, contentHash: String?, text: String?
        var title: String?? = .some(nil), published: String?? = .some(nil)
        let read = fields(["path", "source", "contentHash", "title", "published", "text"]) { scanner, index in
            switch index {
            case 0: path = scanner.string(); return path != nil
            case 1: source = scanner.string(); return source != nil
            case 2: contentHash = scanner.string(); return contentHash != nil
            case 3: title = scanner.optionalString(); return title != nil
            case 4: published = scanner.optionalString(); return published != nil
            default: text = scanner.string(); return text != nil
            }
        }
        guard read, let path, let source, let contentHash, let text, let title, let published else { return nil }
        return DocumentRecord.Document(path: path, source: source, contentHash: contentHash, title: title, published: published, text: text)
    }

    mutating func mention() -> DocumentRecord.MentionLine? {
        var entity: DocumentRecord.Entity?, start: Int?, end: Int?, rule: String?
        let read = fields(["entity", "start", "end", "rule"]) { scanner, index in
            switch index {
            case 0: entity = scanner.entity(); return entity != nil
            case 1: start = scanner.integer(); return start != nil
            case 2: end = scanner.integer(); return end != nil
            default: rule = scanner.string(); return rule != nil
            }
        }
        guard read, let entity, let start, let end, let rule else { return nil }
        return DocumentRecord.MentionLine(entity: entity, start: start, end: end, rule: rule)
    }

    mutating func alias() -> DocumentRecord.AliasLine? {
        var entity: DocumentRecord.Entity?, alias: String?, rule: String?
        let read = fields(["entity", "alias", "rule"]) { scanner, index in
            switch index {
            case 0: entity = scanner.entity(); return entity != nil
            case 1: alias = scanner.string(); return alias != nil
            default: rule = scanner.string(); return rule != nil
            }
        }
        guard read, let entity, let alias, let rule else { return nil }
        return DocumentRecord.AliasLine(entity: entity, alias: alias, rule: rule)
    }

    mutating func fact() -> DocumentRecord.FactLine? {
        var subject: DocumentRecord.Entity?, predicate: Predicate?, rule: String?, confidence: Double?
        var object: DocumentRecord.Entity?? = .some(nil), literal: String?? = .some(nil)
        var numbers: [Int?] = [nil, nil, nil, nil]
        let names = ["subject", "predicate", "object", "literal", "start", "end", "sentenceStart", "sentenceEnd", "rule", "confidence"]
        let read = fields(names) { scanner, index in
            switch index {
            case 0: subject = scanner.entity(); return subject != nil
            case 1: predicate = scanner.string().flatMap(Predicate.init(rawValue:)); return predicate != nil
            case 2:
                object = scanner.takeNull() ? .some(nil) : scanner.entity().map { .some($0) }
                return object != nil
            case 3: literal = scanner.optionalString(); return literal != nil
            case 4...7: numbers[index - 4] = scanner.integer(); return numbers[index - 4] != nil
            case 8: rule = scanner.string(); return rule != nil
            default: confidence = scanner.number(); return confidence != nil
            }
        }
        guard read, let subject, let predicate, let object, let literal, let rule, let confidence,
              let start = numbers[0], let end = numbers[1], let sentenceStart = numbers[2], let sentenceEnd = numbers[3]
        else { return nil }
        return DocumentRecord.FactLine(
            subject: subject, predicate: predicate, object: object, literal: literal, start: start, end: end,
            sentenceStart: sentenceStart, sentenceEnd: sentenceEnd, rule: rule, confidence: confidence)
    }

    mutating func record() -> DocumentRecord? {
        var version: Int?, document: DocumentRecord.Document?
        var entities: [DocumentRecord.Entity]?, mentions: [DocumentRecord.MentionLine]?
        var aliases: [DocumentRecord.AliasLine]?, facts: [DocumentRecord.FactLine]?
        let read = fields(["version", "document", "entities", "mentions", "aliases", "facts"]) { scanner, index in
            switch index {
            case 0: version = scanner.integer(); return version != nil
            case 1: document = scanner.document(); return document != nil
            case 2: entities = scanner.array { $0.entity() }; return entities != nil
            case 3: mentions = scanner.array { $0.mention() }; return mentions != nil
            case 4: aliases = scanner.array { $0.alias() }; return aliases != nil
            default: facts = scanner.array { $0.fact() }; return facts != nil
            }
        }
        guard read, let version, let document, let entities, let mentions, let aliases, let facts else { return nil }
        return DocumentRecord(version: version, document: document, entities: entities, mentions: mentions, aliases: aliases, facts: facts)
    }
}
