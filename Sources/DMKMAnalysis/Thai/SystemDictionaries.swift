import CICU
import CThai

/// The Thai word lists that ship with the operating system, read at run time through the
/// libraries that own them (so their licences stay theirs and we copy nothing).
public enum SystemDictionaries {
    public enum LoadError: Error, CustomStringConvertible {
        case libthaiUnavailable(path: String)
        case icuUnavailable

        public var description: String {
            switch self {
            case .libthaiUnavailable(let path):
                return "cannot read libthai's dictionary at \(path) (install Debian's libthai-data, or set LIBTHAI_DICTDIR)"
            case .icuUnavailable:
                return "cannot read ICU's Thai dictionary (brkitr/thaidict) from the system ICU data"
            }
        }
    }

    /// Collects words handed over by the C shims.
    private final class Collector {
        var words: [[UInt8]] = []
    }

    private static let visit: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<UInt32>?, Int32) -> Int32 = {
        context, scalars, length in
        guard let context, let scalars, length > 0 else { return 1 }
        let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
        var codes: [UInt8] = []
        codes.reserveCapacity(Int(length))
        for index in 0..<Int(length) {
            let value = scalars[index]
            // ICU's list has a few entries with ZWJ/ZWNJ; they cannot occur in prepared text.
            guard ThaiScript.isWordCharacter(value) else { return 1 }
            codes.append(UInt8(value - ThaiScript.blockStart))
        }
        collector.words.append(codes)
        return 1
    }

    public static var libthaiDictionaryPath: String { String(cString: dmkm_libthai_dictionary_path()) }

    /// libthai's word-break dictionary (about 25,000 words on Debian 12), as Thai codes.
    public static func libthaiWords(path: String? = nil) throws -> [[UInt8]] {
        let collector = Collector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        let count: Int32 = withExtendedLifetime(collector) {
            if let path { return path.withCString { dmkm_libthai_enumerate_words($0, visit, context) } }
            return dmkm_libthai_enumerate_words(nil, visit, context)
        }
        if count < 0 { throw LoadError.libthaiUnavailable(path: path ?? libthaiDictionaryPath) }
        return collector.words
    }

    /// ICU's Thai dictionary (about 26,000 words in ICU 72), as Thai codes.
    public static func icuWords() throws -> [[UInt8]] {
        let collector = Collector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        let count = withExtendedLifetime(collector) { dmkm_icu_enumerate_thai_words(visit, context) }
        if count < 0 { throw LoadError.icuUnavailable }
        return collector.words
    }

    public static var icuVersion: String {
        var buffer = [CChar](repeating: 0, count: 32)
        dmkm_icu_version(&buffer, 32)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
