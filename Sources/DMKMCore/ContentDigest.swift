import Crypto
import Foundation

/// SHA-256 of file contents, as lowercase hex: the address of an original in the asset store
/// (collision-resistant, unlike the fast change-detection hash of ingest).
public enum ContentDigest {
    public static func sha256(_ bytes: some DataProtocol) -> String {
        let digest = SHA256.hash(data: bytes)
        var text = ""
        text.reserveCapacity(64)
        for byte in digest {
            text.append(Self.hexDigits[Int(byte >> 4)])
            text.append(Self.hexDigits[Int(byte & 0x0F)])
        }
        return text
    }

    private static let hexDigits = Array("0123456789abcdef")
}
