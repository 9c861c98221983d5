import TupuModel

/// The RDF graph of a snapshot, shared by ``NTriplesExporter`` and ``TurtleExporter``.
///
/// IRIs, with `BASE` the base IRI (default `http://tupu.invalid/`):
/// - entity: `BASE entity/KIND/NAME`, NAME percent-encoded where IRIs (RFC 3987) forbid
///   the character: ASCII controls, space, `"<>\^`{|}`, `%`, and `/ ? # [ ]` (which would
///   change the IRI's structure) are encoded as UTF-8 `%XX`; so are C1 controls, U+2028,
///   U+2029, private use and noncharacters. CJK and other letters stay as they are:
///   `http://tupu.invalid/entity/person/李希`.
/// - vocabulary: `BASE vocab#TERM`: classes `vocab#Person` … (``TupuVocabulary``), the
///   predicates `vocab#attended` …, and `vocab#alias`, `vocab#document`, `vocab#start`,
///   `vocab#end`, `vocab#surface`, `vocab#sentence`, `vocab#rule`, `vocab#confidence`.
/// - evidence: `BASE evidence/N`, N counting evidence rows from 1 in edge order, then
///   evidence order.
///
/// Triples, subject by subject, in snapshot order:
/// - each entity except dates: `rdf:type` its class, `rdfs:label "NAME"@zh`, and
///   `vocab#alias "ALIAS"@zh` for each alias;
/// - each edge: `SUBJECT vocab#PREDICATE OBJECT`. An object of kind date, or a literal
///   object, is a literal: `"2022-09-27"^^xsd:date` when it is an ISO date (yyyy-mm-dd),
///   else a plain string. Date entities therefore get no IRI or description of their own;
/// - each evidence row: an `rdf:Statement` with `rdf:subject`, `rdf:predicate`, `rdf:object`
///   (the edge's terms), `vocab#document` (path), `vocab#start` and `vocab#end`
///   (`xsd:integer`, code point offsets, end exclusive), `vocab#surface` and
///   `vocab#sentence` (`@zh`), `vocab#rule` and `vocab#confidence` (`xsd:decimal`).
///
/// A dangling node id (not in the snapshot) is named `BASE node/ID`.
struct RDFGraph {
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    static let xsd = "http://www.w3.org/2001/XMLSchema#"

    enum Term: Hashable {
        case iri(String)
        /// A literal with a datatype IRI (nil: xsd:string) or a language tag.
        case literal(String, datatype: String?, language: String?)
    }

    struct Block {
        var subject: Term
        /// Predicates in order, each with its objects in order.
        var properties: [(predicate: Term, objects: [Term])] = []

        mutating func add(_ predicate: Term, _ object: Term) {
            if let last = properties.indices.last, properties[last].predicate == predicate {
                properties[last].objects.append(object)
            } else {
                properties.append((predicate, [object]))
            }
        }
    }

    let base: String
    var vocabulary: String { base + "vocab#" }

    init(base: String) {
        self.base = base
    }

    func vocab(_ term: String) -> Term { .iri(vocabulary + term) }

    /// The subject blocks of the snapshot: entities (with their outgoing edges), then
    /// subjects not in the snapshot, then evidence statements.
    func blocks(for snapshot: GraphSnapshot) -> [Block] {
        let type = Term.iri(Self.rdf + "type")
        var outgoing: [Int64: [GraphSnapshot.Edge]] = [:]
        var subjectOrder: [Int64] = []
        for edge in snapshot.edges {
            if outgoing[edge.subject] == nil { subjectOrder.append(edge.subject) }
            outgoing[edge.subject, default: []].append(edge)
        }
        var blocks: [Block] = []
        var described = Set<Int64>()
        func addEdges(of id: Int64, to block: inout Block) {
            for edge in outgoing[id] ?? [] {
                block.add(vocab(edge.predicate.rawValue), object(of: edge, in: snapshot))
            }
        }
        for node in snapshot.nodes where described.insert(node.id).inserted {
            var block = Block(subject: entity(node.id, in: snapshot))
            if node.kind != .date {
                block.add(type, vocab(TupuVocabulary.className(node.kind)))
                block.add(.iri(Self.rdfs + "label"), .literal(node.name, datatype: nil, language: "zh"))
                var seen = Set<String>()
                for alias in node.aliases where seen.insert(alias).inserted {
                    block.add(vocab("alias"), .literal(alias, datatype: nil, language: "zh"))
                }
            }
            addEdges(of: node.id, to: &block)
            if !block.properties.isEmpty { blocks.append(block) }
        }
        for id in subjectOrder where described.insert(id).inserted {
            var block = Block(subject: entity(id, in: snapshot))
            addEdges(of: id, to: &block)
            blocks.append(block)
        }
        var number = 0
        for edge in snapshot.edges {
            for row in edge.evidence {
                number += 1
                var block = Block(subject: .iri(base + "evidence/\(number)"))
                block.add(type, .iri(Self.rdf + "Statement"))
                block.add(.iri(Self.rdf + "subject"), entity(edge.subject, in: snapshot))
                block.add(.iri(Self.rdf + "predicate"), vocab(edge.predicate.rawValue))
                block.add(.iri(Self.rdf + "object"), object(of: edge, in: snapshot))
                block.add(vocab("document"), .literal(row.document, datatype: nil, language: nil))
                block.add(vocab("start"), .literal(String(row.start), datatype: Self.xsd + "integer", language: nil))
                block.add(vocab("end"), .literal(String(row.end), datatype: Self.xsd + "integer", language: nil))
                block.add(vocab("surface"), .literal(row.surface, datatype: nil, language: "zh"))
                block.add(vocab("sentence"), .literal(row.sentence, datatype: nil, language: "zh"))
                block.add(vocab("rule"), .literal(row.rule, datatype: nil, language: nil))
                if let confidence = Self.decimal(row.confidence) {
                    block.add(vocab("confidence"), .literal(confidence, datatype: Self.xsd + "decimal", language: nil))
                }
                blocks.append(block)
            }
        }
        return blocks
    }

    /// The IRI of a node: `BASE entity/KIND/NAME`, or `BASE node/ID` for a dangling id.
    func entity(_ id: Int64, in snapshot: GraphSnapshot) -> Term {
        guard let node = snapshot.node(id) else { return .iri(base + "node/\(id)") }
        return .iri(base + "entity/" + node.kind.rawValue + "/" + Self.percentEncoded(node.name))
    }

    func object(of edge: GraphSnapshot.Edge, in snapshot: GraphSnapshot) -> Term {
        guard let id = edge.object else { return Self.value(edge.literal ?? "") }
        if let node = snapshot.node(id), node.kind == .date { return Self.value(node.name) }
        return entity(id, in: snapshot)
    }

    /// A literal value: `xsd:date` when it is an ISO date, else a plain string.
    static func value(_ text: String) -> Term {
        isISODate(text) ? .literal(text, datatype: xsd + "date", language: nil) : .literal(text, datatype: nil, language: nil)
    }

    /// Whether the text is `yyyy-mm-dd` with a month 01–12 and a day 01–31.
    static func isISODate(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 10, scalars[4] == "-", scalars[7] == "-" else { return false }
        var digits: [Int] = []
        for (index, scalar) in scalars.enumerated() where index != 4 && index != 7 {
            guard ("0"..."9").contains(scalar) else { return false }
            digits.append(Int(scalar.value) - 48)
        }
        let month = digits[4] * 10 + digits[5], day = digits[6] * 10 + digits[7]
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// The lexical form of an `xsd:decimal` (`0.95`, `1.0`), or nil for infinities and NaN.
    static func decimal(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        let text = "\(value)"
        guard text.contains("e") else { return text }
        // Scientific notation (1e-05): spell the digits out.
        let negative = value < 0
        let magnitude = Swift.abs(value)
        let parts = "\(magnitude)".split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return nil }
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(mantissa[0]), fraction = mantissa.count > 1 ? String(mantissa[1]) : ""
        var digits = whole + fraction
        var point = whole.count + exponent
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        }
        if point >= digits.count { digits += String(repeating: "0", count: point - digits.count + 1) }
        var result = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        while result.hasSuffix("0") && !result.hasSuffix(".0") { result.removeLast() }
        return (negative ? "-" : "") + result
    }

    /// Percent-encodes what may not stand in an IRI path segment (RFC 3987 `ipchar`), plus
    /// `%` itself and U+2028/U+2029, so that distinct names give distinct IRIs.
    static func percentEncoded(_ name: String) -> String {
        var result = ""
        for scalar in name.unicodeScalars {
            if isSegmentCharacter(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 {
                    result += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
                }
            }
        }
        return result
    }

    private static func isSegmentCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39: return true
        case 0x00...0x7F: return "-._~!$&'()*+,;=:@".unicodeScalars.contains(scalar)
        case 0x2028, 0x2029: return false
        // RFC 3987 ucschar
        case 0xA0...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFEF: return true
        case 0xE0000...0xE0FFF: return false
        case 0x10000...0xEFFFD: return value & 0xFFFF <= 0xFFFD
        default: return false
        }
    }

    /// Accepts an absolute IRI (a scheme, then `:`) that ends in `/` and holds no character
    /// an N-Triples IRI may not hold.
    static func validateBaseIRI(_ iri: String) throws {
        func fail(_ reason: String) -> ExportError { .invalidBaseIRI(iri, reason: reason) }
        guard let colon = iri.firstIndex(of: ":"), colon != iri.startIndex else {
            throw fail("it must be an absolute IRI such as http://example.org/tupu/")
        }
        let scheme = iri[..<colon].unicodeScalars
        guard let first = scheme.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first),
              scheme.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
        else {
            throw fail("it must start with a scheme such as http:")
        }
        if let bad = iri.unicodeScalars.first(where: { $0.value <= 0x20 || "<>\"{}|^`\\".unicodeScalars.contains($0) }) {
            throw fail("U+\(String(bad.value, radix: 16, uppercase: true)) may not appear in an IRI")
        }
        guard iri.hasSuffix("/") else { throw fail("it must end with /") }
        guard !iri.contains("#") else { throw fail("it may not contain #") }
    }

    /// A string literal's body with N-Triples escapes: `\"`, `\\`, `\n`, `\r`, `\t`, and
    /// `\uXXXX` for other control characters (C0, DEL, C1) and U+2028/U+2029.
    static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{00}"..."\u{1F}", "\u{7F}"..."\u{9F}", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A term in N-Triples form.
    static func nTriples(_ term: Term) -> String {
        switch term {
        case .iri(let iri): "<" + iri + ">"
        case .literal(let text, let datatype, let language):
            "\"" + escaped(text) + "\"" + (language.map { "@" + $0 } ?? datatype.map { "^^<" + $0 + ">" } ?? "")
        }
    }
}
