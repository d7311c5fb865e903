package dev.spillway.translator.xds.pgv;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TypeRegistry;
import io.envoyproxy.pgv.validate.Validate;
import io.envoyproxy.pgv.validate.Validate.FieldRules;
import io.envoyproxy.pgv.validate.Validate.StringRules;
import io.envoyproxy.pgv.validate.Validate.UInt32Rules;
import org.junit.jupiter.api.Test;

/**
 * Message options and presence on descriptors built at run time: Envoy's protos mark no message disabled or
 * ignored, and a descriptor set read without the extension registry keeps its rules as unknown fields.
 */
class DescriptorOptionsTest {
    private final PgvChecker checker = new PgvChecker(TypeRegistry.getEmptyTypeRegistry());

    @Test
    void rulesAreReadFromPlainDescriptors() throws Exception {
        Descriptor checked = build(file()).findMessageTypeByName("Checked");
        assertThat(checker.check(DynamicMessage.getDefaultInstance(checked)))
                .containsExactly(new Violation("name", "string.min_len", "must be at least 1 character(s) long"));
    }

    @Test
    void rulesKeptAsUnknownFieldsAreParsedAgain() throws Exception {
        FileDescriptorProto reread = FileDescriptorProto.parseFrom(file().toByteString());
        Descriptor checked = build(reread).findMessageTypeByName("Checked");
        assertThat(checked.findFieldByName("name").getOptions().hasExtension(Validate.rules))
                .isFalse();
        assertThat(checker.check(DynamicMessage.getDefaultInstance(checked)))
                .extracting(Violation::rule)
                .containsExactly("string.min_len");
    }

    @Test
    void disabledAndIgnoredMessagesAreNotEntered() throws Exception {
        FileDescriptor file = build(FileDescriptorProto.parseFrom(file().toByteString()));
        assertThat(checker.check(DynamicMessage.getDefaultInstance(file.findMessageTypeByName("Disabled"))))
                .isEmpty();
        assertThat(checker.check(DynamicMessage.getDefaultInstance(file.findMessageTypeByName("Ignored"))))
                .isEmpty();
    }

    @Test
    void proto3OptionalIsCheckedOnlyWhenSet() throws Exception {
        Descriptor checked = build(file()).findMessageTypeByName("Checked");
        DynamicMessage withPort = DynamicMessage.newBuilder(checked)
                .setField(checked.findFieldByName("name"), "n")
                .setField(checked.findFieldByName("port"), 11)
                .build();
        assertThat(checker.check(withPort))
                .containsExactly(new Violation("port", "uint32.lte", "must be less than or equal to 10"));
    }

    private static FileDescriptor build(FileDescriptorProto proto)
            throws DescriptorValidationException, InvalidProtocolBufferException {
        return FileDescriptor.buildFrom(proto, new FileDescriptor[] {Validate.getDescriptor()});
    }

    private static FileDescriptorProto file() {
        FieldRules nonEmpty = FieldRules.newBuilder()
                .setString(StringRules.newBuilder().setMinLen(1))
                .build();
        FieldRules small = FieldRules.newBuilder()
                .setUint32(UInt32Rules.newBuilder().setLte(10))
                .build();
        DescriptorProto checked = message("Checked", nonEmpty).toBuilder()
                .addField(FieldDescriptorProto.newBuilder()
                        .setName("port")
                        .setNumber(2)
                        .setType(FieldDescriptorProto.Type.TYPE_UINT32)
                        .setProto3Optional(true)
                        .setOneofIndex(0)
                        .setOptions(FieldOptions.newBuilder().setExtension(Validate.rules, small)))
                .addOneofDecl(OneofDescriptorProto.newBuilder().setName("_port"))
                .build();
        return FileDescriptorProto.newBuilder()
                .setName("pgv_options_test.proto")
                .setPackage("pgvtest")
                .setSyntax("proto3")
                .addDependency(Validate.getDescriptor().getName())
                .addMessageType(checked)
                .addMessageType(message("Disabled", nonEmpty).toBuilder()
                        .setOptions(MessageOptions.newBuilder().setExtension(Validate.disabled, true)))
                .addMessageType(message("Ignored", nonEmpty).toBuilder()
                        .setOptions(MessageOptions.newBuilder().setExtension(Validate.ignored, true)))
                .build();
    }

    private static DescriptorProto message(String name, FieldRules rules) {
        return DescriptorProto.newBuilder()
                .setName(name)
                .addField(FieldDescriptorProto.newBuilder()
                        .setName("name")
                        .setNumber(1)
                        .setType(FieldDescriptorProto.Type.TYPE_STRING)
                        .setOptions(FieldOptions.newBuilder().setExtension(Validate.rules, rules)))
                .build();
    }
}
