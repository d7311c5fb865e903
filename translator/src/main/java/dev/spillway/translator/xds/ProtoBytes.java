package dev.spillway.translator.xds;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A message's bytes to hash: the same message always gives the same bytes. */
public final class ProtoBytes {
    private ProtoBytes() {}

    /**
     * Deterministic serialization: map fields (the Structs of transport socket matches and metadata)
     * would otherwise serialize in any order.
     */
    public static byte[] deterministic(Message message) {
        try {
            byte[] bytes = new byte[message.getSerializedSize()];
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            message.writeTo(out);
            out.checkNoSpaceLeft();
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
