import CZlib
import Foundation

/// Inflates a gzip body (`Content-Encoding: gzip`, what the OpenLineage HTTP transport sends with
/// `compression: gzip`), refusing more than `limit` bytes of output: a small body can stand for gigabytes.
enum Gzip {
    enum Failure: Error, Equatable {
        /// Inflated past the limit.
        case tooLarge
        /// Not gzip, or damaged.
        case corrupt
    }

    static func inflate(_ input: [UInt8], limit: Int) throws(Failure) -> Data {
        var stream = z_stream()
        guard vigil_inflate_init_gzip(&stream) == Z_OK else { throw .corrupt }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunkSize = 64 * 1024
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var status: Int32 = Z_OK
        var input = input
        let inputCount = input.count
        try input.withUnsafeMutableBufferPointer { (inBuffer) throws(Failure) in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inputCount)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { out -> Int in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(chunkSize)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return chunkSize - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END else { throw .corrupt }
                guard output.count + produced <= limit else { throw .tooLarge }
                output.append(contentsOf: chunk[0..<produced])
                // No progress with input left means a truncated stream.
                if status == Z_OK, stream.avail_in == 0, produced == 0 { throw .corrupt }
            } while status != Z_STREAM_END
        }
        // Anything after the gzip member is not part of a body we accept.
        guard stream.avail_in == 0 else { throw .corrupt }
        return output
    }
}
