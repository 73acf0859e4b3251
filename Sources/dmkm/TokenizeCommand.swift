import ArgumentParser
import DMKMAnalysis
import Foundation

struct Tokenize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split Thai and English text into words.",
        discussion: """
            Reads lines on standard input and writes one line per input line: the words in order,
            whitespace dropped, joined by SEP. With --terms, writes the normalized index terms
            instead (punctuation dropped, case folded, English stemmed, digits folded).
            Invalid UTF-8 is replaced with U+FFFD and counted on standard error.
            """)

    @Option(help: "Separator between words.")
    var sep: String = "|"

    @Flag(help: "Print normalized index terms instead of the words as written.")
    var terms = false

    @Option(name: .customLong("user-dictionary"), help: "Extra Thai words to keep whole, one per line.")
    var userDictionary: String?

    func run() throws {
        let analyzer = try Analyzer.standard(userDictionary: userDictionary.map { URL(fileURLWithPath: $0) })
        var reader = LineReader()
        var output = OutputBuffer()
        var workspace = Analyzer.Workspace()
        var repairs = 0
        var lineNumber = 0
        while let line = reader.nextLine() {
            lineNumber += 1
            let decoded = UTF8Repair.decode(line)
            repairs += decoded.replacements
            if terms {
                let words = analyzer.tokens(in: decoded.text, workspace: &workspace).lazy.filter { $0.kind.isIndexable }.map(\.term)
                output.write(words.joined(separator: sep))
            } else {
                output.write(analyzer.surfaces(of: decoded.text, workspace: &workspace).joined(separator: sep))
            }
            output.write("\n")
        }
        output.flush()
        if repairs > 0 {
            printError("dmkm tokenize: replaced \(repairs) invalid UTF-8 sequence\(repairs == 1 ? "" : "s") with U+FFFD in \(lineNumber) line\(lineNumber == 1 ? "" : "s") of input")
        }
    }
}
