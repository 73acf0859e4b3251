import ArgumentParser
import DMKMIndex
import DMKMRepository
import Foundation

extension AwardProgram: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

extension AwardStatus: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

struct Award: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tag documents for the Thailand Public Sector Awards (TPSA, รางวัลเลิศรัฐ) and the UN Public Service Awards (UNPSA).",
        discussion: """
            Tags live beside the index (awards.json) and change without re-ingesting. TPSA cycles
            are Buddhist Era years (2568), UNPSA cycles Common Era years (2025). Status moves
            candidate → drafting → submitted → shortlisted → awarded | not-awarded; any open entry
            can be withdrawn, and a withdrawn one can become a candidate again. Known TPSA
            categories: บริการภาครัฐ, การบริหารราชการแบบมีส่วนร่วม, PMQA (any text is accepted).
            Search with award:TPSA, award:TPSA/2568, award-status:submitted.
            """,
        subcommands: [Add.self, Status.self, Remove.self, List.self, Export.self])

    struct Target: ParsableArguments {
        @Option(help: "TPSA or UNPSA.")
        var program: AwardProgram

        @Option(help: "Cycle year (TPSA: Buddhist Era, UNPSA: Common Era).")
        var cycle: Int
    }

    static func store(_ index: IndexOptions) -> AwardStore { AwardStore(directory: index.directory) }

    static func requireDocument(_ id: String, index: IndexOptions) throws {
        guard try IndexReader.open(index.directory).document(id: id) != nil else {
            throw AwardError.unknownDocument(id: id)
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an award tag to a document.")
        @OptionGroup var index: IndexOptions
        @Argument(help: "Document id.") var id: String
        @OptionGroup var target: Target
        @Option(help: "Category (TPSA: บริการภาครัฐ, การบริหารราชการแบบมีส่วนร่วม, PMQA, or other text).") var category: String?
        @Option(help: "Initial status.") var status: AwardStatus = .candidate
        @Option(help: "Notes.") var notes: String?

        func run() throws {
            try runReportingErrors {
                try requireDocument(id, index: index)
                try store(index).add(id: id, program: target.program, cycle: target.cycle, category: category, status: status, notes: notes)
                print("\(id): \(target.program.rawValue)/\(target.cycle) \(status.rawValue)")
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move an award tag to a new status (invalid transitions are refused).")
        @OptionGroup var index: IndexOptions
        @Argument(help: "Document id.") var id: String
        @OptionGroup var target: Target
        @Argument(help: "New status.") var status: AwardStatus
        @Option(help: "Notes.") var notes: String?

        func run() throws {
            try runReportingErrors {
                try store(index).setStatus(id: id, program: target.program, cycle: target.cycle, status: status, notes: notes)
                print("\(id): \(target.program.rawValue)/\(target.cycle) \(status.rawValue)")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an award tag.")
        @OptionGroup var index: IndexOptions
        @Argument(help: "Document id.") var id: String
        @OptionGroup var target: Target

        func run() throws {
            try runReportingErrors {
                try store(index).remove(id: id, program: target.program, cycle: target.cycle)
                print("\(id): removed \(target.program.rawValue)/\(target.cycle)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List award tags.")
        @OptionGroup var index: IndexOptions
        @Option(help: "TPSA or UNPSA.") var program: AwardProgram?
        @Option(help: "Cycle year.") var cycle: Int?
        @Option(help: "Status.") var status: AwardStatus?
        @Flag(help: "Leave out the header line (for scripts).") var noHeader = false

        func run() throws {
            try runReportingErrors {
                let entries = try store(index).list(program: program, cycle: cycle, status: status)
                // Titles make the list readable; a tag whose document was deleted says so, since
                // `award export` (which needs the document) leaves it out.
                let reader = try IndexReader.open(index.directory)
                var output = OutputBuffer()
                defer { output.flush() }
                if !noHeader && !entries.isEmpty {
                    output.write(["id", "award", "status", "category", "updated", "title", "notes"].joined(separator: "\t") + "\n")
                }
                for (id, tag) in entries {
                    let title = try reader.document(id: id)?.displayTitle ?? "(not in the index: left out of exports)"
                    let fields = [id, tag.key, tag.status.rawValue, tag.category ?? "-", tag.updatedAt, title, tag.notes ?? "-"]
                    output.write(fields.map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
                        .joined(separator: "\t") + "\n")
                }
                if entries.isEmpty { printError("no award tags match") }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export a shortlist (bilingual titles, abstracts, authors, unit, year, status).")
        enum Format: String, ExpressibleByArgument { case csv, json }
        @OptionGroup var index: IndexOptions
        @Option(help: "TPSA or UNPSA.") var program: AwardProgram
        @Option(help: "Cycle year.") var cycle: Int?
        @Option(help: "Only this status.") var status: AwardStatus?
        @Option(help: "csv or json.") var format: Format = .csv
        @Option(help: "Write to this file instead of standard output.") var out: String?
        @Flag(help: "Leave out internal and embargoed entries (for a shortlist shared outside the bureau).") var publicOnly = false

        func run() throws {
            try runReportingErrors {
                let reader = try IndexReader.open(index.directory)
                let today = Day.today()
                let rows = try AwardExport.rows(store: store(index), reader: reader, program: program, cycle: cycle, status: status)
                    .filter { !publicOnly || $0.document.isPublic(on: today) }
                let text = format == .csv ? AwardExport.csv(rows) : AwardExport.json(rows)
                if let out {
                    try text.write(toFile: out, atomically: true, encoding: .utf8)
                    printError("wrote \(rows.count) entries to \(out)")
                } else {
                    var output = OutputBuffer()
                    output.write(text)
                    output.flush()
                }
            }
        }
    }
}
