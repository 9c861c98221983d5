import TupuModel

/// The RDF terms the RDF exports use: schema.org, SKOS and PROV-O where a standard term fits,
/// and the small Tupu vocabulary (`BASE vocab#`) for the rest, published as `vocab/tupu.ttl`
/// (``turtle(baseIRI:)`` with the default base writes that file) with each Tupu term mapped to
/// the nearest standard one (`rdfs:subClassOf`, `rdfs:subPropertyOf` or `skos:closeMatch`).
///
/// | Tupu | RDF |
/// |---|---|
/// | person, place, organization, event | `schema:Person`, `schema:Place`, `schema:Organization`, `schema:Event` |
/// | document | `schema:NewsArticle` for a source article, else `schema:CreativeWork` (a document the text names, 《方案》) |
/// | role | `schema:DefinedTerm` and `tupu:Role` |
/// | initiative | `tupu:Initiative` |
/// | name, alias | `schema:name` + `skos:prefLabel`, `skos:altLabel` |
/// | attended | `schema:attendee`, from the event to the person |
/// | held_in, held_on | `schema:location`, `schema:startDate` |
/// | located_in | `schema:containedInPlace` (a place), else `schema:location` |
/// | reported_by, published_on | `schema:subjectOf`, `schema:datePublished` |
/// | holds_role, presided, spoke_at, reported_at, visited, met_with, promotes, discussed_at, part_of, instance_of | `tupu:` + the id |
/// | evidence | `prov:Entity` `prov:wasDerivedFrom` the document, `prov:value` the sentence; `tupu:surface`, `tupu:start`, `tupu:end`, `tupu:rule`, `tupu:confidence` |
public enum TupuVocabulary {
    /// The Tupu class name of a kind: `person` → `Person` (used for the kinds no standard
    /// class fits, and for the vocabulary's labels).
    public static func className(_ kind: EntityKind) -> String {
        kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()
    }

    /// The classes an entity of the kind is typed with, as prefixed names (`schema:Person`,
    /// `tupu:Role`); none for dates, which are literals. A document is a `schema:CreativeWork`
    /// (a source article is a `schema:NewsArticle` instead).
    public static func classes(_ kind: EntityKind) -> [String] {
        switch kind {
        case .person: ["schema:Person"]
        case .place: ["schema:Place"]
        case .organization: ["schema:Organization"]
        case .event: ["schema:Event"]
        case .document: ["schema:CreativeWork"]
        case .role: ["schema:DefinedTerm", "tupu:Role"]
        case .initiative: ["tupu:Initiative"]
        case .date: []
        }
    }

    /// The RDF property of a predicate, as a prefixed name, and whether the triple runs from
    /// the object to the subject (`attended` is written `EVENT schema:attendee PERSON`).
    /// `located_in` is `schema:containedInPlace` for a place, else `schema:location`.
    public static func term(for predicate: Predicate, subjectKind: EntityKind? = nil) -> (name: String, inverse: Bool) {
        switch predicate {
        case .attended: ("schema:attendee", true)
        case .heldIn: ("schema:location", false)
        case .heldOn: ("schema:startDate", false)
        case .locatedIn: (subjectKind == .place ? "schema:containedInPlace" : "schema:location", false)
        case .reportedBy: ("schema:subjectOf", false)
        case .publishedOn: ("schema:datePublished", false)
        default: ("tupu:" + predicate.rawValue, false)
        }
    }

    /// The predicates written with a Tupu term.
    public static var tupuPredicates: [Predicate] {
        Predicate.allCases.filter { term(for: $0).name.hasPrefix("tupu:") }
    }

    /// The English label of a kind.
    public static func englishLabel(_ kind: EntityKind) -> String {
        switch kind {
        case .person: "person"
        case .role: "role"
        case .place: "place"
        case .organization: "organization"
        case .initiative: "initiative"
        case .document: "document"
        case .event: "event"
        case .date: "date"
        }
    }

    /// The English label of a predicate.
    public static func englishLabel(_ predicate: Predicate) -> String {
        switch predicate {
        case .holdsRole: "holds role"
        case .attended: "attended"
        case .presided: "presided over"
        case .spokeAt: "spoke at"
        case .reportedAt: "reported at"
        case .visited: "visited"
        case .metWith: "met with"
        case .heldIn: "held in"
        case .heldOn: "held on"
        case .locatedIn: "located in"
        case .promotes: "promotes"
        case .discussedAt: "discussed at"
        case .partOf: "part of"
        case .instanceOf: "instance of series"
        case .reportedBy: "reported by"
        case .publishedOn: "published on"
        }
    }

    /// The domain and range of a Tupu predicate where a single class (or datatype) fits,
    /// as prefixed names or Tupu class names.
    public static func domainAndRange(_ predicate: Predicate) -> (domain: String?, range: String?) {
        switch predicate {
        case .holdsRole: ("schema:Person", "Role")
        case .attended, .presided, .spokeAt, .reportedAt: ("schema:Person", "schema:Event")
        case .visited: ("schema:Person", nil)
        case .metWith: ("schema:Person", "schema:Person")
        case .heldIn: ("schema:Event", "schema:Place")
        case .heldOn: ("schema:Event", "xsd:date")
        case .locatedIn: (nil, "schema:Place")
        case .promotes: ("schema:Person", "Initiative")
        case .discussedAt: ("Initiative", "schema:Event")
        case .partOf: (nil, "Initiative")
        case .instanceOf: ("schema:Event", "xsd:string")
        case .reportedBy: ("schema:Event", "schema:NewsArticle")
        case .publishedOn: ("schema:NewsArticle", "xsd:date")
        }
    }

    /// The standard term a Tupu predicate is mapped to: (`rdfs:subPropertyOf` or
    /// `skos:closeMatch`, the term), or nil where none fits.
    public static func mapping(_ predicate: Predicate) -> (relation: String, term: String)? {
        switch predicate {
        case .holdsRole: ("rdfs:subPropertyOf", "schema:jobTitle")
        case .partOf: ("skos:closeMatch", "schema:isPartOf")
        case .instanceOf: ("skos:closeMatch", "schema:superEvent")
        default: nil
        }
    }

    /// The Tupu classes: name, Chinese and English labels, mapping relation and term.
    static let tupuClasses: [(name: String, zh: String, en: String, relation: String, term: String)] = [
        ("Role", EntityKind.role.chineseLabel, "role", "rdfs:subClassOf", "schema:DefinedTerm"),
        ("Initiative", EntityKind.initiative.chineseLabel, "initiative", "skos:closeMatch", "schema:Project"),
    ]

    /// The evidence and document properties: name, Chinese and English labels, domain, range,
    /// and the standard term they are close to (empty: none).
    static let otherProperties: [(name: String, zh: String, en: String, domain: String, range: String, match: String)] = [
        ("path", "来源文件", "source file path", "schema:NewsArticle", "xsd:string", ""),
        ("start", "起始位置", "start offset", "prov:Entity", "xsd:integer", "oa:start"),
        ("end", "结束位置", "end offset", "prov:Entity", "xsd:integer", "oa:end"),
        ("surface", "原文片段", "surface text", "prov:Entity", "rdf:langString", "oa:exact"),
        ("rule", "抽取规则", "extraction rule", "prov:Entity", "xsd:string", ""),
        ("confidence", "置信度", "confidence", "prov:Entity", "xsd:decimal", ""),
    ]

    /// The vocabulary as Turtle, for IRIs under `baseIRI`.
    public static func turtle(baseIRI: String = ExportOptions.defaultBaseIRI) -> String {
        var lines = [
            "# The Tupu vocabulary: the terms Tupu's RDF exports use where schema.org, SKOS and PROV-O have none,",
            "# each mapped to the nearest standard term. The other predicates are written with standard terms:",
            "#   attended → schema:attendee (from the event to the person), held_in → schema:location,",
            "#   held_on → schema:startDate, located_in → schema:containedInPlace (a place) or schema:location,",
            "#   reported_by → schema:subjectOf, published_on → schema:datePublished; names are schema:name and",
            "#   skos:prefLabel, aliases skos:altLabel; evidence is a prov:Entity prov:wasDerivedFrom its document.",
            "@prefix oa: <http://www.w3.org/ns/oa#> .",
            "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
            "@prefix prov: <\(RDFGraph.prov)> .",
            "@prefix rdf: <\(RDFGraph.rdf)> .",
            "@prefix rdfs: <\(RDFGraph.rdfs)> .",
            "@prefix schema: <\(RDFGraph.schema)> .",
            "@prefix skos: <\(RDFGraph.skos)> .",
            "@prefix tupu: <\(baseIRI)vocab#> .",
            "@prefix xsd: <\(RDFGraph.xsd)> .",
            "",
            "<\(baseIRI)vocab> a owl:Ontology ;",
            "    rdfs:label \"图谱词汇\"@zh, \"Tupu vocabulary\"@en .",
        ]
        func literal(_ text: String, _ language: String) -> String { "\"\(RDFGraph.escaped(text))\"@\(language)" }
        func reference(_ name: String) -> String { name.contains(":") ? name : "tupu:" + name }
        for tupuClass in tupuClasses {
            lines += [
                "",
                "tupu:\(tupuClass.name) a rdfs:Class ;",
                "    rdfs:label \(literal(tupuClass.zh, "zh")), \(literal(tupuClass.en, "en")) ;",
                "    \(tupuClass.relation) \(tupuClass.term) .",
            ]
        }
        for predicate in tupuPredicates {
            let (domain, range) = domainAndRange(predicate)
            var property = [
                "",
                "tupu:\(predicate.rawValue) a rdf:Property ;",
                "    rdfs:label \(literal(predicate.chineseLabel, "zh")), \(literal(englishLabel(predicate), "en"))",
            ]
            if let domain { property[property.count - 1] += " ;"; property.append("    rdfs:domain \(reference(domain))") }
            if let range { property[property.count - 1] += " ;"; property.append("    rdfs:range \(reference(range))") }
            if let mapping = mapping(predicate) {
                property[property.count - 1] += " ;"
                property.append("    \(mapping.relation) \(mapping.term)")
            }
            property[property.count - 1] += " ."
            lines += property
        }
        for other in otherProperties {
            var property = [
                "",
                "tupu:\(other.name) a rdf:Property ;",
                "    rdfs:label \(literal(other.zh, "zh")), \(literal(other.en, "en")) ;",
                "    rdfs:domain \(reference(other.domain)) ;",
                "    rdfs:range \(reference(other.range))",
            ]
            if !other.match.isEmpty { property[property.count - 1] += " ;"; property.append("    skos:closeMatch \(other.match)") }
            property[property.count - 1] += " ."
            lines += property
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Writes names in Latin letters (pinyin) for `skos:altLabel "…"@zh-Latn-pinyin`. The export
/// module does not romanize by itself; the command line passes TupuRender's `Pinyin.label`.
public struct Romanizer: Sendable, Equatable {
    /// Tells romanizers apart (for `Equatable`).
    public let name: String
    /// The Latin spelling of a name of a kind, or nil to write none.
    public let convert: @Sendable (String, EntityKind) -> String?

    public init(name: String, convert: @escaping @Sendable (String, EntityKind) -> String?) {
        self.name = name
        self.convert = convert
    }

    public static func == (lhs: Romanizer, rhs: Romanizer) -> Bool { lhs.name == rhs.name }
}

extension TupuVocabulary {
    /// A term of the JSON-LD context: its name, the IRI it stands for and its type coercion
    /// (`@id`, `xsd:date`, `xsd:decimal`, or nil).
    public struct JSONLDTerm: Sendable, Equatable {
        /// The key written in documents (`attendee`).
        public var name: String
        /// The full IRI it stands for.
        public var iri: String
        /// `@id` (values are IRIs), a datatype as a prefixed name (`xsd:date`), or nil.
        public var type: String?
    }

    /// The terms of the JSON-LD context, for IRIs under `baseIRI`.
    public static func jsonLDTerms(baseIRI: String = ExportOptions.defaultBaseIRI) -> [JSONLDTerm] {
        let vocabulary = baseIRI + "vocab#"
        func standard(_ prefixed: String, _ type: String? = nil) -> JSONLDTerm {
            let local = String(prefixed.split(separator: ":", maxSplits: 1)[1])
            return JSONLDTerm(name: local, iri: RDFGraph.expand(prefixed), type: type)
        }
        var terms: [JSONLDTerm] = [
            standard("schema:Person"), standard("schema:Place"), standard("schema:Organization"), standard("schema:Event"),
            standard("schema:NewsArticle"), standard("schema:CreativeWork"), standard("schema:DefinedTerm"),
            JSONLDTerm(name: "Role", iri: vocabulary + "Role"), JSONLDTerm(name: "Initiative", iri: vocabulary + "Initiative"),
            standard("prov:Entity"), standard("rdf:Statement"),
            standard("schema:name"), standard("skos:prefLabel"), standard("skos:altLabel"),
            standard("schema:headline"), standard("schema:datePublished", "xsd:date"), standard("schema:startDate", "xsd:date"),
            standard("schema:attendee", "@id"), standard("schema:location", "@id"), standard("schema:containedInPlace", "@id"),
            standard("schema:subjectOf", "@id"),
        ]
        for predicate in tupuPredicates {
            terms.append(JSONLDTerm(name: predicate.rawValue, iri: vocabulary + predicate.rawValue, type: predicate == .instanceOf ? nil : "@id"))
        }
        terms += [
            standard("rdf:subject", "@id"), standard("rdf:predicate", "@id"), standard("rdf:object"),
            standard("prov:wasDerivedFrom", "@id"), standard("prov:value"),
        ]
        for other in otherProperties {
            terms.append(JSONLDTerm(name: other.name, iri: vocabulary + other.name, type: other.range == "xsd:decimal" ? "xsd:decimal" : nil))
        }
        return terms
    }

    /// The JSON-LD context document (`{"@context": {…}}`), published as `vocab/context.jsonld`
    /// (``jsonLDContext(baseIRI:)`` with the default base writes that file).
    public static func jsonLDContext(baseIRI: String = ExportOptions.defaultBaseIRI) -> String {
        "{\n  \"@context\": " + jsonLDContextObject(baseIRI: baseIRI, indent: "  ") + "\n}\n"
    }

    /// The context object, one entry a line, each indented by `indent` plus two spaces.
    static func jsonLDContextObject(baseIRI: String, indent: String) -> String {
        let prefixes = [
            ("prov", RDFGraph.prov), ("rdf", RDFGraph.rdf), ("schema", RDFGraph.schema), ("skos", RDFGraph.skos),
            ("tupu", baseIRI + "vocab#"), ("xsd", RDFGraph.xsd),
        ]
        var entries = prefixes.map { JSONLDExporter.string($0.0) + ": " + JSONLDExporter.string($0.1) }
        for term in jsonLDTerms(baseIRI: baseIRI) {
            var compact = term.iri
            for (prefix, namespace) in prefixes where term.iri.hasPrefix(namespace) {
                compact = prefix + ":" + term.iri.dropFirst(namespace.count)
                break
            }
            if let type = term.type {
                entries.append(JSONLDExporter.string(term.name) + ": {\"@id\": " + JSONLDExporter.string(compact)
                    + ", \"@type\": " + JSONLDExporter.string(type) + "}")
            } else {
                entries.append(JSONLDExporter.string(term.name) + ": " + JSONLDExporter.string(compact))
            }
        }
        let inner = indent + "  "
        return "{\n" + entries.map { inner + $0 }.joined(separator: ",\n") + "\n" + indent + "}"
    }
}
