import TupuModel

/// The small RDF vocabulary the RDF exports use, published as `vocab/tupu.ttl`
/// (``turtle(baseIRI:)`` with the default base writes that file).
///
/// Classes: one per entity kind, the kind capitalised (`vocab#Person`). Properties: one per
/// predicate, named by its id (`vocab#holds_role`), plus `vocab#alias` and the evidence
/// properties `vocab#document`, `vocab#start`, `vocab#end`, `vocab#surface`,
/// `vocab#sentence`, `vocab#rule` and `vocab#confidence`.
public enum TupuVocabulary {
    /// The class name of a kind: `person` → `Person`.
    public static func className(_ kind: EntityKind) -> String {
        kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()
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

    /// The domain and range of a predicate where a single class (or datatype) fits:
    /// class names, or `xsd:date`.
    public static func domainAndRange(_ predicate: Predicate) -> (domain: String?, range: String?) {
        switch predicate {
        case .holdsRole: ("Person", "Role")
        case .attended, .presided, .spokeAt, .reportedAt: ("Person", "Event")
        case .visited: ("Person", nil)
        case .metWith: ("Person", "Person")
        case .heldIn: ("Event", "Place")
        case .heldOn: ("Event", "xsd:date")
        case .locatedIn: (nil, "Place")
        case .promotes: ("Person", "Initiative")
        case .discussedAt: ("Initiative", "Event")
        case .partOf: (nil, "Initiative")
        case .instanceOf: ("Event", "xsd:string")
        case .reportedBy: ("Event", "Document")
        case .publishedOn: ("Document", "xsd:date")
        }
    }

    /// The non-predicate properties: name, Chinese and English labels, domain, range.
    static let otherProperties: [(name: String, zh: String, en: String, domain: String, range: String)] = [
        ("alias", "别名", "alias", "", "rdf:langString"),
        ("document", "来源文件", "source document", "rdf:Statement", "xsd:string"),
        ("start", "起始位置", "start offset", "rdf:Statement", "xsd:integer"),
        ("end", "结束位置", "end offset", "rdf:Statement", "xsd:integer"),
        ("surface", "原文片段", "surface text", "rdf:Statement", "rdf:langString"),
        ("sentence", "所在句子", "sentence", "rdf:Statement", "rdf:langString"),
        ("rule", "抽取规则", "extraction rule", "rdf:Statement", "xsd:string"),
        ("confidence", "置信度", "confidence", "rdf:Statement", "xsd:decimal"),
    ]

    /// The vocabulary as Turtle, for IRIs under `baseIRI`.
    public static func turtle(baseIRI: String = ExportOptions.defaultBaseIRI) -> String {
        var lines = [
            "# The Tupu vocabulary: classes for entity kinds, properties for predicates and evidence.",
            "# Dates are written as xsd:date literals; facts carry evidence through rdf:Statement nodes.",
            "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
            "@prefix rdf: <\(RDFGraph.rdf)> .",
            "@prefix rdfs: <\(RDFGraph.rdfs)> .",
            "@prefix tupu: <\(baseIRI)vocab#> .",
            "@prefix xsd: <\(RDFGraph.xsd)> .",
            "",
            "<\(baseIRI)vocab> a owl:Ontology ;",
            "    rdfs:label \"图谱词汇\"@zh, \"Tupu vocabulary\"@en .",
        ]
        func literal(_ text: String, _ language: String) -> String { "\"\(RDFGraph.escaped(text))\"@\(language)" }
        func reference(_ name: String) -> String { name.contains(":") ? name : "tupu:" + name }
        for kind in EntityKind.allCases {
            lines += [
                "",
                "tupu:\(className(kind)) a rdfs:Class ;",
                "    rdfs:label \(literal(kind.chineseLabel, "zh")), \(literal(englishLabel(kind), "en")) .",
            ]
        }
        for predicate in Predicate.allCases {
            let (domain, range) = domainAndRange(predicate)
            var property = [
                "",
                "tupu:\(predicate.rawValue) a rdf:Property ;",
                "    rdfs:label \(literal(predicate.chineseLabel, "zh")), \(literal(englishLabel(predicate), "en"))",
            ]
            if let domain { property[property.count - 1] += " ;"; property.append("    rdfs:domain \(reference(domain))") }
            if let range { property[property.count - 1] += " ;"; property.append("    rdfs:range \(reference(range))") }
            property[property.count - 1] += " ."
            lines += property
        }
        for other in otherProperties {
            var property = [
                "",
                "tupu:\(other.name) a rdf:Property ;",
                "    rdfs:label \(literal(other.zh, "zh")), \(literal(other.en, "en"))",
            ]
            if !other.domain.isEmpty { property[property.count - 1] += " ;"; property.append("    rdfs:domain \(reference(other.domain))") }
            property[property.count - 1] += " ;"
            property.append("    rdfs:range \(reference(other.range)) .")
            lines += property
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
