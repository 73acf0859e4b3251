import DMKMCore

/// The frame every index file has: a header (magic, file kind, format version) and a footer
/// (CRC-32 of everything before it, then an end marker). Opening a file checks the frame, so a
/// truncated or foreign file fails at once with its name.
public enum FileFormat {
    /// Version of the on-disk format. Bump on any incompatible change.
    /// 2: the term dictionary's block index is a fixed-width table read in place.
    /// 3: terms count their public documents; stored documents name their original file in the
    ///    index's asset store.
    /// 4: the sub-word field (Thai character-cluster grams with positions) and its norms.
    public static let version: UInt32 = 4
    public static let headerMagic: [UInt8] = Array("DMKM".utf8)
    public static let footerMagic: [UInt8] = Array("KMND".utf8)
    public static let headerSize = 12
    public static let footerSize = 8

    /// Four-letter kinds, so a file renamed to the wrong extension is caught.
    public enum Kind: String, Sendable {
        case termDictionary = "TDIC"
        case postings = "POST"
        case positions = "POSN"
        case storedFields = "STOR"
        case norms = "NORM"
        case docValues = "DVAL"
        case liveDocs = "LIVE"
        case segmentInfo = "SEGI"
        case manifest = "MANI"
    }

    public static func header(_ kind: Kind) -> [UInt8] {
        var writer = ByteWriter()
        writer.write(contentsOf: headerMagic)
        writer.write(contentsOf: Array(kind.rawValue.utf8))
        writer.write(version)
        return writer.bytes
    }

    /// Checks header and footer of a mapped file; returns the body range (between them).
    public static func checkFrame(_ file: MappedFile, kind: Kind) throws(IndexError) -> Range<Int> {
        let bytes = file.bytes
        guard bytes.count >= headerSize + footerSize else {
            throw IndexError.corrupt(file: file.name, detail: "truncated (\(bytes.count) bytes)")
        }
        guard Array(bytes[0..<4]) == headerMagic else {
            throw IndexError.corrupt(file: file.name, detail: "not a DMKM index file (bad header)")
        }
        let foundKind = String(decoding: bytes[4..<8], as: UTF8.self)
        guard foundKind == kind.rawValue else {
            throw IndexError.corrupt(file: file.name, detail: "expected a \(kind.rawValue) file, found \(foundKind)")
        }
        let version = bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        guard version == Self.version else {
            throw IndexError.unsupportedFormat(file: file.name, detail: "format version \(version), this build reads \(Self.version)")
        }
        guard Array(bytes[(bytes.count - 4)...]) == footerMagic else {
            throw IndexError.corrupt(file: file.name, detail: "truncated (footer missing)")
        }
        return headerSize..<(bytes.count - footerSize)
    }

    /// Verifies the whole-file checksum (what `dmkm verify` and merges do).
    public static func verifyChecksum(_ file: MappedFile) throws(IndexError) {
        let bytes = file.bytes
        guard bytes.count >= footerSize else { throw IndexError.corrupt(file: file.name, detail: "truncated") }
        let stored = bytes.loadUnaligned(fromByteOffset: bytes.count - footerSize, as: UInt32.self).littleEndian
        let actual = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - footerSize)]))
        guard stored == actual else {
            throw IndexError.corrupt(file: file.name, detail: "checksum mismatch (stored \(String(stored, radix: 16)), computed \(String(actual, radix: 16)))")
        }
    }
}
