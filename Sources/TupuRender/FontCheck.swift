import Foundation

/// Finds out whether a font that can show Chinese is installed, so that renderings do not
/// come out as boxes ("tofu").
///
/// Limitation: this does not ask fontconfig (there is no fontconfig library target and the
/// product must not run `fc-list`). It looks for well-known CJK font *files* in the standard
/// fontconfig directories and infers the family names from the file names. A font installed
/// elsewhere (a custom `fonts.conf` `<dir>`) or under an unusual file name is not found, and
/// a file found here could in principle be excluded by fontconfig configuration.
public enum CJKFont {
    /// What to run when no CJK font is found.
    public static let installHint = "apt-get install fonts-noto-cjk"

    /// Font files recognised by their name, with the families they contain, in order of
    /// preference when the preferred family is not installed.
    static let knownFonts: [(fileNameFragment: String, families: [String])] = [
        ("notosanscjk", ["Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans CJK HK"]),
        ("sourcehansans", ["Source Han Sans SC", "Source Han Sans CN", "Source Han Sans TC", "Source Han Sans"]),
        ("notoserifcjk", ["Noto Serif CJK SC", "Noto Serif CJK TC", "Noto Serif CJK JP", "Noto Serif CJK KR"]),
        ("wqy-microhei", ["WenQuanYi Micro Hei"]),
        ("wqy-zenhei", ["WenQuanYi Zen Hei"]),
        ("wqy", ["WenQuanYi Zen Hei"]),
    ]

    static let fontExtensions: Set<String> = ["ttc", "otf", "ttf"]

    /// The standard fontconfig font directories: `/usr/share/fonts`, `/usr/local/share/fonts`,
    /// `~/.fonts`, `~/.local/share/fonts` (or `$XDG_DATA_HOME/fonts`).
    public static var standardDirectories: [URL] {
        let home = FileManager.default.homeDirectoryForCurrentUser
        var directories = [
            URL(fileURLWithPath: "/usr/share/fonts", isDirectory: true),
            URL(fileURLWithPath: "/usr/local/share/fonts", isDirectory: true),
            home.appendingPathComponent(".fonts", isDirectory: true),
        ]
        if let xdg = ProcessInfo.processInfo.environment["XDG_DATA_HOME"], !xdg.isEmpty {
            directories.append(URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("fonts", isDirectory: true))
        }
        directories.append(home.appendingPathComponent(".local/share/fonts", isDirectory: true))
        return directories
    }

    /// Whether a font able to show Chinese is installed (the preferred one or another).
    public static func available(preferred: String = "Noto Sans CJK SC") -> Bool {
        family(preferred: preferred) != nil
    }

    /// The font family to use: `preferred` when its files are installed, otherwise another
    /// installed CJK family, or nil when there is none (then see ``installHint``).
    public static func family(preferred: String = "Noto Sans CJK SC", in directories: [URL] = standardDirectories) -> String? {
        let found = installedFamilies(in: directories)
        if found.contains(where: { $0.caseInsensitiveCompare(preferred) == .orderedSame }) {
            return preferred
        }
        return found.first
    }

    /// The CJK families whose files are in the directories, in order of preference.
    public static func installedFamilies(in directories: [URL] = standardDirectories) -> [String] {
        var fragments = Set<String>()
        let manager = FileManager.default
        for directory in directories {
            guard let walker = manager.enumerator(at: directory, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else {
                continue
            }
            for case let url as URL in walker {
                guard fontExtensions.contains(url.pathExtension.lowercased()) else { continue }
                let name = url.lastPathComponent.lowercased()
                for known in knownFonts where name.contains(known.fileNameFragment) {
                    fragments.insert(known.fileNameFragment)
                }
            }
        }
        var families: [String] = []
        for known in knownFonts where fragments.contains(known.fileNameFragment) {
            for family in known.families where !families.contains(family) {
                families.append(family)
            }
        }
        return families
    }
}
