import Foundation
import Testing
@testable import VigilCore

/// The pure SHA-256 and HMAC-SHA256 behind the webhook signature, against FIPS 180-4's examples and RFC 4231's
/// test vectors.
@Suite struct SHA256Tests {
    func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    @Test func fipsExamples() {
        #expect(SHA256.hex(SHA256.hash(Array("".utf8))) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // One million "a": many blocks.
        #expect(SHA256.hex(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// RFC 4231 test cases 1-4, 6 and 7 (5 is a truncated output).
    @Test func rfc4231() {
        let cases: [(key: [UInt8], data: [UInt8], mac: String)] = [
            ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
             "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (bytes("0102030405060708090a0b0c0d0e0f10111213141516171819"), [UInt8](repeating: 0xcd, count: 50),
             "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
            ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            ([UInt8](repeating: 0xaa, count: 131),
             Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
             "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ]
        for c in cases { #expect(SHA256.hex(SHA256.hmac(key: c.key, message: c.data)) == c.mac) }
    }

    /// The header a receiver recomputes: HMAC over "TIMESTAMP." + body (checked with Python's hmac module too, in
    /// the README's snippet).
    @Test func webhookSignature() {
        let body = Data(#"{"status":"firing"}"#.utf8)
        // python3 -c 'import hmac,hashlib; print(hmac.new(b"s3cret", b"1800000000." + b"{\"status\":\"firing\"}", hashlib.sha256).hexdigest())'
        #expect(NotifyPayload.signature(secret: "s3cret", timestamp: "1800000000", body: body)
                == "sha256=5e748828a5fcf92f56930b5805360458f8488b8f62c596160e32c0ed2cf69e26")
        #expect(NotifyPayload.signature(secret: "s3cret", timestamp: "1800000001", body: body)
                != NotifyPayload.signature(secret: "s3cret", timestamp: "1800000000", body: body))
    }
}
