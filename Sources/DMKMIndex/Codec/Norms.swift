import DMKMCore
import Foundation

/// Field lengths in one byte per field per document: exact up to 63 tokens, then a geometric
/// scale (about 5% steps) up to a million tokens. BM25 only needs lengths roughly.
package enum NormEncoding {
    package static let decodeTable: [Float] = (0..<256).map { byte -> Float in
        byte < 64 ? Float(byte) : Float((64 * pow(1.0516, Double(byte - 63))).rounded())
    }

    package static func encode(_ length: Int) -> UInt8 {
        if length < 64 { return UInt8(length) }
        // Largest byte whose decoded length does not exceed `length`.
        var low = 64
        var high = 255
        while low < high {
            let middle = (low + high + 1) / 2
            if decodeTable[middle] <= Float(length) { low = middle } else { high = middle - 1 }
        }
        return UInt8(low)
    }

    package static func decode(_ byte: UInt8) -> Float { decodeTable[Int(byte)] }
}
