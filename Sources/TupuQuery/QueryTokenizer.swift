import TupuModel

extension QueryParser {
    enum TokenKind: Equatable {
        case variable(String, kind: String?)
        case string(String)
        case word(String)
        case punctuation(Character)
        case comparison(ComparisonOperator)
        /// `&&` or `||`.
        case logical(String)
        case separator
        case end
    }

    struct Token: Equatable {
        var kind: TokenKind
        var offset: Int
        var text: String
    }

    static func tokenize(_ source: String) throws(QueryError) -> [Token] {
        let characters = Array(source)
        var tokens: [Token] = []
        var index = 0
        func isWordCharacter(_ character: Character) -> Bool {
            !character.isWhitespace && !"(){},\"?=!<>".contains(character)
        }
        while index < characters.count {
            let character = characters[index]
            let start = index
            if character == "\n" || character == "\r\n" {
                tokens.append(Token(kind: .separator, offset: start, text: "\n"))
                index += 1
            } else if character.isWhitespace {
                index += 1
            } else if character == "." {
                tokens.append(Token(kind: .separator, offset: start, text: "."))
                index += 1
            } else if character == "\"" {
                var text = ""
                index += 1
                var closed = false
                while index < characters.count {
                    if characters[index] == "\\", index + 1 < characters.count {
                        text.append(characters[index + 1])
                        index += 2
                        continue
                    }
                    if characters[index] == "\"" {
                        closed = true
                        index += 1
                        break
                    }
                    text.append(characters[index])
                    index += 1
                }
                guard closed else {
                    throw .syntax(query: source, offset: start, expected: "a closing \" for this quoted name", found: "the end of the query")
                }
                tokens.append(Token(kind: .string(text), offset: start, text: String(characters[start..<index])))
            } else if character == "?" {
                index += 1
                var name = ""
                while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
                    name.append(characters[index])
                    index += 1
                }
                guard !name.isEmpty else {
                    throw .syntax(query: source, offset: start, expected: "a variable name after ? (letters, digits, _)", found: index < characters.count ? "\"\(characters[index])\"" : "the end of the query")
                }
                var kind: String?
                if index < characters.count, characters[index] == ":" {
                    index += 1
                    var kindName = ""
                    while index < characters.count, characters[index].isLetter {
                        kindName.append(characters[index])
                        index += 1
                    }
                    kind = kindName
                }
                tokens.append(Token(kind: .variable(name, kind: kind), offset: start, text: String(characters[start..<index])))
            } else if character == "!", index + 1 == characters.count || characters[index + 1] != "=" {
                tokens.append(Token(kind: .punctuation("!"), offset: start, text: "!"))
                index += 1
            } else if character == "&" || character == "|", index + 1 < characters.count, characters[index + 1] == character {
                let text = String([character, character])
                tokens.append(Token(kind: .logical(text), offset: start, text: text))
                index += 2
            } else if "<>=!".contains(character) {
                var text = String(character)
                if index + 1 < characters.count, characters[index + 1] == "=" {
                    text.append("=")
                }
                guard let comparison = ComparisonOperator(rawValue: text) else {
                    throw .syntax(query: source, offset: start, expected: "=, !=, <, <=, > or >=", found: "\"\(text)\"")
                }
                index += text.count
                tokens.append(Token(kind: .comparison(comparison), offset: start, text: text))
            } else if "(){},*".contains(character) {
                tokens.append(Token(kind: .punctuation(character), offset: start, text: String(character)))
                index += 1
            } else {
                var word = ""
                while index < characters.count, isWordCharacter(characters[index]) {
                    // `&&` and `||` end a word: `?a = x||?b`.
                    if "&|".contains(characters[index]), index + 1 < characters.count, characters[index + 1] == characters[index] { break }
                    // A dot ends the word when followed by a space, a new line or the end.
                    if characters[index] == ".", index + 1 == characters.count || characters[index + 1].isWhitespace { break }
                    word.append(characters[index])
                    index += 1
                }
                guard !word.isEmpty else {
                    // Cannot happen (every other character starts a token above); never loop.
                    throw .syntax(query: source, offset: start, expected: "a word", found: "\"\(character)\"")
                }
                tokens.append(Token(kind: .word(word), offset: start, text: word))
            }
        }
        tokens.append(Token(kind: .end, offset: characters.count, text: ""))
        return tokens
    }
}
