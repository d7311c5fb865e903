package dev.spillway.translator.xds.pgv;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import io.envoyproxy.pgv.validate.Validate.AnyRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code any} rules, and the unpacking of {@code google.protobuf.Any} payloads for the walk. */
final class AnyPayloads {
    private static final String ANY = "google.protobuf.Any";

    private final TypeRegistry types;

    AnyPayloads(TypeRegistry types) {
        this.types = types;
    }

    static boolean isAny(Message message) {
        return message.getDescriptorForType().getFullName().equals(ANY);
    }

    static List<Failure> check(AnyRules rules, Message any) {
        String url = typeUrl(any);
        List<Failure> out = new ArrayList<>();
        if (rules.getInCount() > 0 && !rules.getInList().contains(url)) {
            out.add(new Failure("any.in", "type URL must be in list " + rules.getInList()));
        }
        if (rules.getNotInList().contains(url)) {
            out.add(new Failure("any.not_in", "type URL must not be in list " + rules.getNotInList()));
        }
        return out;
    }

    /** The packed message, or the reason it cannot be checked. */
    Unpacked unpack(Message any) {
        String url = typeUrl(any);
        Descriptor type;
        try {
            type = types.getDescriptorForTypeUrl(url);
        } catch (InvalidProtocolBufferException e) {
            type = null;
        }
        if (type == null) {
            return new Unpacked(
                    Optional.empty(), Optional.of(new Failure("any.type", "unknown type " + url + ": cannot check")));
        }
        try {
            return new Unpacked(Optional.of(DynamicMessage.parseFrom(type, value(any))), Optional.empty());
        } catch (InvalidProtocolBufferException e) {
            return new Unpacked(
                    Optional.empty(),
                    Optional.of(new Failure("any.value", "cannot parse " + url + ": " + e.getMessage())));
        }
    }

    private static String typeUrl(Message any) {
        return (String) any.getField(any.getDescriptorForType().findFieldByNumber(1));
    }

    private static ByteString value(Message any) {
        return (ByteString) any.getField(any.getDescriptorForType().findFieldByNumber(2));
    }

    /** Either the payload or the failure that stands in for it. */
    record Unpacked(Optional<Message> payload, Optional<Failure> failure) {}
}
