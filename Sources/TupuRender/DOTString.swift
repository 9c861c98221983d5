/// Escaping of text for the Graphviz DOT language.
///
/// Everything Tupu writes into a DOT file that comes from data (names, literals, titles)
/// goes through this type, always as a double-quoted ID, so that DOT keywords (`node`,
/// `graph`, `edge`, `strict`, …), names starting with a digit and names full of
/// punctuation are all safe.
///
/// Two layers of escaping matter:
///
/// 1. The DOT lexer: inside `"…"` only `\"` (a quote) and backslash-newline (a line
///    continuation) are special. ``quoted(_:)`` takes care of this layer.
/// 2. Graphviz's *escString* processing of `label` attributes: `\N`, `\G`, `\E`, `\T`,
///    `\H`, `\L` are replaced by object names, `\n`, `\l`, `\r` break lines, `\\` is a
///    backslash, and HTML entities such as `&amp;` or `&#38;` are decoded. Doubling every
///    backslash (done by ``quoted(_:)``) makes all backslash sequences literal; ``label(_:)``
///    additionally writes every `&` as `&amp;` so that text such as `&amp;` is shown as
///    written rather than decoded to `&`.
///
/// `<`, `>` and `"` need no extra care: Graphviz escapes them itself when it writes SVG.
public enum DOTString {
    /// The string as a double-quoted DOT ID, shown literally when used as a label.
    ///
    /// - backslash → `\\` (so `\N`, `\G`, `\L`, … are shown as written),
    /// - `"` → `\"`,
    /// - line feed, carriage return and CR LF → `\n` (a centred line break in labels),
    /// - tab → a space,
    /// - every other control character (Unicode general category Cc) is dropped.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        var previousWasCR = false
        for scalar in s.unicodeScalars {
            let wasCR = previousWasCR
            previousWasCR = false
            switch scalar {
            case "\\":
                out += "\\\\"
            case "\"":
                out += "\\\""
            case "\r":
                out += "\\n"
                previousWasCR = true
            case "\n":
                // The LF of a CR LF pair was already written as the CR's line break.
                if !wasCR { out += "\\n" }
            case "\t":
                out += " "
            default:
                if scalar.properties.generalCategory == .control { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }

    /// The string as a double-quoted DOT ID for a `label` (or graph title) attribute:
    /// ``quoted(_:)`` plus `&` → `&amp;`, because Graphviz decodes HTML entities in labels.
    public static func label(_ s: String) -> String {
        quoted(s.replacingAmpersands())
    }
}

extension String {
    fileprivate func replacingAmpersands() -> String {
        guard contains("&") else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for scalar in unicodeScalars {
            if scalar == "&" {
                out += "&amp;"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
