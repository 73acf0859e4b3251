import ArgumentParser
import DMKMAnalysis
import Foundation

struct Segmenter: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train and evaluate the Thai word segmenter.",
        subcommands: [Train.self, Evaluate.self])

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the segmentation model from gold-segmented text (words separated by |).",
            discussion: "The bundled model was made with: dmkm segmenter train --gold ../shared/thai-seg/th_tud-ud-train.gold.txt --out Sources/DMKMAnalysis/Resources/thai-segmenter.model")

        @Option(help: "Gold file: one sentence a line, words separated by |.")
        var gold: String

        @Option(help: "Where to write the model.")
        var out: String

        @Option(help: "Training passes over the data.")
        var epochs = 8

        @Option(help: "Cross-fitting folds for the learned word list.")
        var folds = 5

        @Flag(inversion: .prefixedNo, help: "Join gold words that form one libthai dictionary word (ลูก|ค้า → ลูกค้า).")
        var dictionaryCompounds = true

        @Flag(inversion: .prefixedNo, help: "Join ความ with the word after it (ความ|รู้ → ความรู้).")
        var abstractNouns = true

        @Option(help: "Models trained with different seeds and averaged into one.")
        var ensemble = SegmenterTrainer.Options().ensembleSize

        @Option(help: "Seed for the order in which sentences are visited.")
        var seed: UInt64 = SegmenterTrainer.Options().seed

        func run() throws {
            let contents = try String(contentsOfFile: gold, encoding: .utf8)
            var options = SegmenterTrainer.Options()
            options.epochs = epochs
            options.folds = folds
            options.seed = seed
            options.ensembleSize = ensemble
            options.joinDictionaryCompounds = dictionaryCompounds
            options.joinAbstractNouns = abstractNouns
            let trainer = SegmenterTrainer(
                options: options, libthaiWords: try SystemDictionaries.libthaiWords(), icuWords: try SystemDictionaries.icuWords())
            let started = Date()
            let model = trainer.train(
                goldLines: SegmentationScore.goldLines(fromFileContents: contents),
                source: URL(fileURLWithPath: gold).lastPathComponent
            ) { printError($0) }
            try Data(model.encoded()).write(to: URL(fileURLWithPath: out), options: .atomic)
            printError(String(format: "wrote %@: %d features, %d learned words (%.1f s)", out, model.featureCount, model.learnedWords.count, Date().timeIntervalSince(started)))
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Word-level precision, recall and F1 against gold files (the shared scoring protocol).")

        @Argument(help: "Gold files: one sentence a line, words separated by |.")
        var files: [String]

        @Option(name: .customLong("user-dictionary"), help: "Extra Thai words to keep whole, one per line.")
        var userDictionary: String?

        func run() throws {
            let analyzer = try Analyzer.standard(userDictionary: userDictionary.map { URL(fileURLWithPath: $0) })
            var workspace = Analyzer.Workspace()
            print("file\tprecision\trecall\tF1\tgold words")
            for file in files {
                let lines = SegmentationScore.goldLines(fromFileContents: try String(contentsOfFile: file, encoding: .utf8))
                let score = try SegmentationScore.evaluate(goldLines: lines) {
                    analyzer.surfaces(of: $0, workspace: &workspace).map(String.init)
                }
                print(String(format: "%@\t%.4f\t%.4f\t%.4f\t%d", URL(fileURLWithPath: file).lastPathComponent, score.precision, score.recall, score.f1, score.goldCount))
            }
        }
    }
}
