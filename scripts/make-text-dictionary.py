#!/usr/bin/env python3
"""Writes Sources/TupuStore/TextDictionary.swift, the preset dictionary of stored texts.

Run from the repository root:  python3 scripts/make-text-dictionary.py > Sources/TupuStore/TextDictionary.swift

The dictionary is the substrings of 2 to 39 characters (no line breaks) found in at least two of
the fixture articles (Tests/Fixtures/articles/*.txt and seeds/*.txt), ranked by the bytes they
would save ((documents - 1) x UTF-8 length), skipping any inside one already kept, until 16 KiB
is reached or the candidates run out, the most valuable last (nearest the text zlib compresses).
Stored texts are decoded with these exact bytes: the output must not change once released
(TextCompression needs a new header for a new dictionary).
"""
import collections
import glob

HEAD = '/// The preset dictionary of stored texts (see ``TextCompression``): phrases that recur across\n/// Chinese government news, so that a short article (a few hundred bytes) can refer back to them\n/// as a long one refers back to itself.\n///\n/// Made by `scripts/make-text-dictionary.py` from the fixture articles (`Tests/Fixtures/articles`\n/// and `seeds`): the substrings of 2 to 39 characters found in at least two of them, by the bytes\n/// they would save (documents × length), none inside another kept, the most valuable last\n/// (nearest the text). 8,038 bytes of UTF-8. On the development articles, which it was not made\n/// from, cut into pieces of 540 bytes: 318 bytes compressed without it, 247 with it.\n///\n/// Never change these bytes: stored texts are decoded with them. A new dictionary needs a new\n/// header of its own in ``TextCompression``, and this one kept for the texts stored with it.\nenum TextDictionary {\n    /// The dictionary\'s UTF-8 bytes.\n    static let bytes: [UInt8] = Array(text.utf8)\n\n    private static let text = #"""\n'
TAIL = '        """#\n}\n'


def load(pattern):
    return [open(path, encoding="utf-8").read() for path in sorted(glob.glob(pattern))]


def dictionary(limit=16384):
    texts = load("Tests/Fixtures/articles/*.txt") + load("seeds/*.txt")
    frequency = collections.Counter()
    for text in texts:
        seen = set()
        for n in range(2, 40):
            for i in range(len(text) - n + 1):
                piece = text[i:i + n]
                if "\n" not in piece:
                    seen.add(piece)
        frequency.update(seen)
    candidates = sorted(((count - 1) * len(piece.encode()), piece) for piece, count in frequency.items() if count >= 2)
    candidates.reverse()
    chosen, total = [], 0
    for _, piece in candidates:
        if any(piece in kept for kept in chosen):
            continue
        chosen.append(piece)
        total += len(piece.encode())
        if total >= limit:
            break
    return "".join(reversed(chosen)).encode()[-limit:].decode("utf-8")


def swift_lines(text, width=60):
    # Lines of about `width` characters that neither start nor end with a space (a multi-line
    # string keeps them, but editors strip trailing spaces).
    lines, i = [], 0
    while i < len(text):
        cut = min(i + width, len(text))
        while cut < len(text) and (text[cut - 1] == " " or text[cut] == " "):
            cut += 1
        lines.append(text[i:cut])
        i = cut
    return "".join("        " + line + "\\#\n" for line in lines)


if __name__ == "__main__":
    text = dictionary()
    assert '"#' not in text and "\\" not in text
    print(HEAD + swift_lines(text) + TAIL, end="")
