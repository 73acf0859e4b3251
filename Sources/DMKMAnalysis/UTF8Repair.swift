/// Turns raw bytes into a `String`, replacing every invalid UTF-8 sequence with U+FFFD
/// and counting the replacements, so bad input is repaired and reported, never fatal.
public enum UTF8Repair {
    public struct Result: Sendable, Equatable {
        public var text: String
        public var replacements: Int
    }

    public static func decode<Bytes: Collection>(_ bytes: Bytes) -> Result where Bytes.Element == UInt8 {
        if let valid = String(validating: bytes, as: UTF8.self) {
            return Result(text: valid, replacements: 0)
        }
        var scalars = String.UnicodeScalarView()
        var replacements = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .error:
                scalars.append("\u{FFFD}")
                replacements += 1
            case .emptyInput: break decoding
            }
        }
        return Result(text: String(scalars), replacements: replacements)
    }
}
