import Foundation
import Testing

@testable import DMKMAnalysis

@Suite("Segmentation model and dictionaries")
struct SegmenterModelTests {
    @Test("the system dictionaries are read through libthai and ICU")
    func systemDictionaries() throws {
        let libthai = try SystemDictionaries.libthaiWords()
        let icu = try SystemDictionaries.icuWords()
        #expect(libthai.count > 20_000)
        #expect(icu.count > 20_000)
        let trie = ThaiDictionaryTrie(words: libthai.map { ($0, DictionarySource.libthai) })
        #expect(trie.contains(ThaiDictionaryTrie.codes(of: "สุขภาพ")!))
        #expect(!trie.contains(ThaiDictionaryTrie.codes(of: "สุขภาพฟ")!))
    }

    @Test("a missing libthai dictionary is a clear error")
    func missingDictionary() {
        #expect(throws: SystemDictionaries.LoadError.self) {
            try SystemDictionaries.libthaiWords(path: "/nonexistent/thbrk.tri")
        }
    }

    @Test("the trie answers membership by source")
    func trieSources() {
        let words: [(codes: [UInt8], source: DictionarySource)] = [
            (ThaiDictionaryTrie.codes(of: "ฟัน")!, .libthai),
            (ThaiDictionaryTrie.codes(of: "ฟันผุ")!, .domain),
            (ThaiDictionaryTrie.codes(of: "ฟัน")!, .icu),
        ]
        let trie = ThaiDictionaryTrie(words: words)
        #expect(trie.wordCount == 2)
        #expect(trie.contains(ThaiDictionaryTrie.codes(of: "ฟัน")!, from: .icu))
        #expect(!trie.contains(ThaiDictionaryTrie.codes(of: "ฟันผุ")!, from: .libthai))
        #expect(trie.contains(ThaiDictionaryTrie.codes(of: "ฟันผุ")!, from: .forced))
        #expect(!trie.contains(ThaiDictionaryTrie.codes(of: "ฟั")!))
    }

    @Test("the bundled model round-trips through its file format")
    func modelRoundTrip() throws {
        let model = try AnalysisResources.segmentationModel()
        let decoded = try SegmentationModel(decoding: model.encoded())
        #expect(decoded.encoded() == model.encoded())
        #expect(model.featureCount > 10_000)
        #expect(model.metadata.contains("CC BY-SA 4.0"))
    }

    @Test("a damaged model file is rejected with a reason")
    func damagedModel() throws {
        var bytes = try AnalysisResources.segmentationModel().encoded()
        bytes[bytes.count / 2] ^= 0x40
        #expect(throws: SegmentationModel.DecodingError.self) { try SegmentationModel(decoding: bytes) }
        #expect(throws: SegmentationModel.DecodingError.self) { try SegmentationModel(decoding: Array(bytes.prefix(100))) }
        #expect(throws: SegmentationModel.DecodingError.self) { try SegmentationModel(decoding: Array("not a model at all".utf8)) }
    }

    @Test("training learns a convention from gold data")
    func training() throws {
        // A toy convention: ตา|กลม is two words even though ตากลม could be read as one.
        let gold = Array(repeating: ["ตา", "กลม", "มาก", " ", "คน", "ดี"], count: 30)
        var options = SegmenterTrainer.Options()
        options.epochs = 3
        options.ensembleSize = 1
        options.folds = 2
        let trainer = SegmenterTrainer(options: options, libthaiWords: [], icuWords: [])
        let model = trainer.train(goldLines: gold, source: "toy")
        let learned = model.learnedWords.map { (codes: ThaiDictionaryTrie.codes(of: $0)!, source: DictionarySource.learned) }
        let segmenter = ThaiSegmenter(dictionary: ThaiDictionaryTrie(words: learned), model: model)
        #expect(segmenter.segment("ตากลมมาก") == ["ตา", "กลม", "มาก"])
        #expect(model.learnedWords.contains("กลม"))
    }

    @Test("training puts gold words into DMKM's convention")
    func canonicalization() {
        let libthai = [ThaiDictionaryTrie.codes(of: "ลูกค้า")!]
        let trainer = SegmenterTrainer(libthaiWords: libthai, icuWords: [])
        #expect(trainer.canonicalize(["ลูก", "ค้า", "ความ", "รู้", "ดี"], libthai: Set(libthai)) == ["ลูกค้า", "ความรู้", "ดี"])
    }
}
