/// The kinds of name the tagger recognizes.
public enum NameKind: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A person (People's Daily tag `nr`).
    case person = 0
    /// A place (`ns`).
    case place = 1
    /// An organization (`nt`).
    case organization = 2

    public var description: String {
        switch self {
        case .person: "person"
        case .place: "place"
        case .organization: "organization"
        }
    }
}

/// A recognized name: code-point offsets into the tagged text, end exclusive.
public struct NameSpan: Sendable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public var kind: NameKind
    /// How much better the best tagging is than the best one that does not contain this span
    /// (the smallest max-marginal margin over its characters), in model score units; larger is
    /// surer. 0 when it was not computed (spans built by hand, corpus spans).
    public var margin: Float

    public init(start: Int, end: Int, kind: NameKind, margin: Float = 0) {
        self.start = start
        self.end = end
        self.kind = kind
        self.margin = margin
    }

    public var range: Range<Int> { start..<end }

    public var description: String { "\(kind)[\(start)..<\(end)]" }
}

/// Why a model file was refused.
public enum NameTaggerError: Error, Equatable, CustomStringConvertible {
    /// The data does not start with the tagger's magic bytes.
    case notATaggerModel
    /// The model was written by a format version this code does not read.
    case unsupportedVersion(found: UInt32, supported: UInt32)
    /// The data ends inside the named section.
    case truncated(section: String)
    /// The stored checksum does not match the contents.
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// A section holds a value that cannot be right.
    case malformed(section: String, reason: String)

    public var description: String {
        switch self {
        case .notATaggerModel:
            "not a Tupu name-tagger model (wrong magic bytes)"
        case .unsupportedVersion(let found, let supported):
            "name-tagger model format version \(found) is not supported (this build reads version \(supported))"
        case .truncated(let section):
            "name-tagger model is truncated in section '\(section)'"
        case .checksumMismatch(let stored, let computed):
            "name-tagger model is corrupt: checksum \(String(stored, radix: 16)) stored, \(String(computed, radix: 16)) computed"
        case .malformed(let section, let reason):
            "name-tagger model is malformed in section '\(section)': \(reason)"
        }
    }
}
