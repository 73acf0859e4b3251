import Foundation

/// The data files that ship with the analyzer (in `Resources/`): the Thai segmentation model,
/// DMKM's domain dictionary and the stop-word lists.
public enum AnalysisResources {
    public enum LoadError: Error, CustomStringConvertible {
        case missing(String)
        case unreadable(String, underlying: String)

        public var description: String {
            switch self {
            case .missing(let name): return "analysis resource \(name) is missing from the DMKMAnalysis bundle"
            case .unreadable(let name, let underlying): return "cannot read \(name): \(underlying)"
            }
        }
    }

    public static let segmentationModelName = "thai-segmenter.model"

    public static func url(of name: String) throws -> URL {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        if let url = Bundle.module.url(forResource: parts[0], withExtension: parts.count > 1 ? parts[1] : nil, subdirectory: "Resources") {
            return url
        }
        throw LoadError.missing(name)
    }

    public static func segmentationModel() throws -> SegmentationModel {
        let url = try url(of: segmentationModelName)
        do {
            return try SegmentationModel(decoding: Array(try Data(contentsOf: url)))
        } catch let error as SegmentationModel.DecodingError {
            throw LoadError.unreadable(url.path, underlying: error.description)
        }
    }

    /// DMKM's own domain dictionary (dental public health, knowledge management, government).
    public static func domainWords() throws -> [String] {
        try wordList(at: url(of: "domain-thai.txt"))
    }

    public static func stopWords() throws -> Set<String> {
        Set(try wordList(at: url(of: "stopwords-th.txt"))).union(try wordList(at: url(of: "stopwords-en.txt")))
    }

    /// One word a line; blank lines and lines starting with `#` are ignored.
    public static func wordList(at url: URL) throws -> [String] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw LoadError.unreadable(url.path, underlying: error.localizedDescription)
        }
        return try wordList(contents: data, name: url.path)
    }

    static func wordList(contents data: Data, name: String) throws -> [String] {
        let decoded = UTF8Repair.decode(data)
        if decoded.replacements > 0 {
            throw LoadError.unreadable(name, underlying: "not valid UTF-8 (\(decoded.replacements) bad sequences)")
        }
        return decoded.text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            .map { $0.precomposedStringWithCanonicalMapping }
    }
}
