import ArgumentParser

@main
struct DMKM: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dmkm",
        abstract: "DMKM: the academic-works repository and search engine of the Bureau of Dental Public Health.",
        subcommands: [Ingest.self, Serve.self, ExtractWorker.self, Search.self, Stats.self, Verify.self, Delete.self, Optimize.self, Eval.self, Award.self, Publish.self, Tokenize.self, Segmenter.self]
    )
}
