import Foundation

/// Names in simplified characters (ICU's Hant-Hans transform), remembered per scoring.
struct Simplifier {
    private static let transform = StringTransform("Hant-Hans")
    private var cache: [String: String] = [:]

    mutating func simplified(_ name: String) -> String {
        if let known = cache[name] { return known }
        let result = name.applyingTransform(Self.transform, reverse: false) ?? name
        cache[name] = result
        return result
    }
}
