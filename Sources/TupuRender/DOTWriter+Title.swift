import TupuModel

extension DOTWriter {
    /// A title of at most ``LabelWrapping/titleWidth`` characters a line; lines already in it are kept.
    static func wrappedTitle(_ title: String) -> String {
        title.split(separator: "\n", omittingEmptySubsequences: false)
            .map { LabelWrapping.wrapped(String($0), width: LabelWrapping.titleWidth) }
            .joined(separator: "\n")
    }

    /// The title of a graph drawn from documents with these titles: the title itself for one
    /// document, the first title and the number of documents for several, nil for none; with
    /// the caption of the view, when given, on a line of its own.
    public static func title(documentTitles: [String], caption: String? = nil) -> String? {
        let documents: String? = switch documentTitles.count {
        case 0: nil
        case 1: documentTitles[0]
        default: "\(documentTitles[0]) 等 \(documentTitles.count) 篇"
        }
        let lines = [documents, caption].compactMap { $0 }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// The title of a view: its subject (or, for a view of one document, that document's
    /// title), the caption of the view, then the number of documents the facts come from with
    /// the range of their publication dates (`据 12 篇报道（2021-03-02 至 2024-11-30）`), then
    /// `note` (what a size limit left out), each on a line of its own.
    public static func title(
        subject: String?, caption: String?, documentTitles: [String], dates: ClosedRange<String>? = nil, note: String? = nil
    ) -> String {
        var lines: [String] = []
        if let subject {
            lines.append(subject)
        } else if documentTitles.count == 1 {
            lines.append(documentTitles[0])
        } else {
            lines.append("全部报道")
        }
        if let caption { lines.append(caption) }
        let range = dates.map { $0.lowerBound == $0.upperBound ? "（\($0.lowerBound)）" : "（\($0.lowerBound) 至 \($0.upperBound)）" } ?? ""
        switch documentTitles.count {
        case 0: break
        case 1 where subject != nil && subject != documentTitles[0]: lines.append("据 1 篇报道：\(documentTitles[0])\(range)")
        case 1: if !range.isEmpty { lines.append("据 1 篇报道\(range)") }
        default: lines.append("据 \(documentTitles.count) 篇报道\(range)")
        }
        if let note { lines.append(note) }
        return lines.joined(separator: "\n")
    }
}
