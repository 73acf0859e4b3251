import CICU
import CThai

/// The system's own segmenters (ICU's dictionary word break, libthai's th_brk), wrapped only so
/// benchmarks can measure DMKM against them on the same text in the same run.
public final class ICUWordBreaker {
    private let breaker: OpaquePointer

    public init?() {
        guard let breaker = dmkm_icu_word_breaker_new() else { return nil }
        self.breaker = breaker
    }

    deinit { dmkm_icu_word_breaker_free(breaker) }

    /// Pieces of `text` as ICU splits them (whitespace pieces included; scorers ignore them).
    public func words(_ text: String) -> [String] {
        let utf16 = Array(text.utf16)
        var positions = [Int32](repeating: 0, count: utf16.count + 1)
        let count = Int(dmkm_icu_word_breaks(breaker, utf16, Int32(utf16.count), &positions, Int32(positions.count)))
        var words: [String] = []
        var start = 0
        for index in 0..<max(0, count) {
            let end = Int(positions[index])
            words.append(String(decoding: utf16[start..<end], as: UTF16.self))
            start = end
        }
        return words
    }
}

/// libthai's th_brk; it segments Thai only and keeps spaces, so text is first split on spaces.
public final class LibThaiBreaker {
    private let breaker: OpaquePointer

    public init?() {
        guard let breaker = dmkm_libthai_breaker_new() else { return nil }
        self.breaker = breaker
    }

    deinit { dmkm_libthai_breaker_free(breaker) }

    public func words(_ text: String) -> [String] {
        var words: [String] = []
        // Split on whitespace scalars (not Characters: " ์" is one Character that counts as whitespace).
        for chunk in text.unicodeScalars.split(whereSeparator: \.properties.isWhitespace) {
            let scalars = chunk.map(\.value)
            var positions = [Int32](repeating: 0, count: scalars.count + 1)
            let count = Int(dmkm_libthai_find_breaks(breaker, scalars, Int32(scalars.count), &positions, Int32(positions.count)))
            var start = 0
            for cut in positions.prefix(max(0, count)).map(Int.init) + [scalars.count] where cut > start {
                var view = String.UnicodeScalarView()
                for value in scalars[start..<cut] { view.append(Unicode.Scalar(value)!) }
                words.append(String(view))
                start = cut
            }
        }
        return words
    }
}
