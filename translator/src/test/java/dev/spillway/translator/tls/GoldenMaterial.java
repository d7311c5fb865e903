package dev.spillway.translator.tls;

import dev.spillway.api.model.Resource;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.source.Inventory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Real PEM for the golden inputs' clearly fake bodies ({@code MIIBfake<label>certificateForGoldenTestsOnly},
 * {@code MIIEfake<label>keyForGoldenTestsOnly}), made at test time and never checked in. The same label always
 * gives the same bytes, so golden outputs are stable: a P-256 key drawn from a SHA1PRNG seeded by the label, a
 * self-signed certificate {@code CN=<label>.golden.test} valid 2020-2120 with a serial from the label, signed
 * with that same random. A certificate and a key of one label belong together; any other PEM (the rejection
 * cases' malformed bodies) is left as written.
 */
public final class GoldenMaterial {
    private static final Pattern FAKE_BLOCK =
            Pattern.compile("(?m)^([ \\t]*)-----BEGIN (CERTIFICATE|PRIVATE KEY)-----\\r?\\n"
                    + "[ \\t]*MII[A-Za-z]fake([A-Za-z0-9]+?)ForGoldenTestsOnly[ \\t]*\\r?\\n"
                    + "[ \\t]*-----END \\2-----");
    private static final Instant NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2120-01-01T00:00:00Z");
    private static final Map<String, Pem> BY_LABEL = new HashMap<>();

    private GoldenMaterial() {}

    private record Pem(String cert, String key) {}

    /** The inventory with every Secret's fake PEM bodies replaced by real ones. */
    public static Inventory realize(Inventory inventory) {
        SortedMap<dev.spillway.api.model.ResourceKey, Inventory.Entry> entries = new TreeMap<>();
        inventory.entries().forEach((key, e) -> {
            Resource r = e.resource();
            entries.put(
                    key,
                    r instanceof TlsSecret s
                            ? new Inventory.Entry(
                                    key,
                                    new TlsSecret(
                                            s.meta(),
                                            realize(s.certChain()),
                                            realize(s.privateKey()),
                                            realize(s.rootCa())),
                                    e.status(),
                                    e.origin())
                            : e);
        });
        return new Inventory(entries, inventory.gatewayAddresses());
    }

    /** The text with each fake PEM block replaced by a real one, at the block's indentation. */
    public static String realize(String text) {
        if (text == null || !text.contains("ForGoldenTestsOnly")) {
            return text;
        }
        Matcher m = FAKE_BLOCK.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String indent = m.group(1);
            String word = m.group(3);
            Pem pem = of(label(word));
            String real = m.group(2).equals("CERTIFICATE") ? pem.cert() : pem.key();
            String indented = indent + real.strip().replace("\n", "\n" + indent);
            m.appendReplacement(out, Matcher.quoteReplacement(indented));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Copies a golden input directory, its fake PEM made real. */
    public static void copy(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.writeString(target, realize(Files.readString(p, StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tlscertificate} and {@code tlskey} are label {@code tls}; {@code shopclientca} is itself. */
    private static String label(String word) {
        for (String suffix : new String[] {"certificate", "key"}) {
            if (word.endsWith(suffix) && word.length() > suffix.length()) {
                return word.substring(0, word.length() - suffix.length());
            }
        }
        return word;
    }

    private static synchronized Pem of(String label) {
        return BY_LABEL.computeIfAbsent(label, GoldenMaterial::generate);
    }

    private static Pem generate(String label) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(("spillway golden " + label).getBytes(StandardCharsets.UTF_8));
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = g.generateKeyPair();
            X500Name name = new X500Name("CN=" + label + ".golden.test");
            var builder = new JcaX509v3CertificateBuilder(
                    name,
                    new BigInteger(1, label.getBytes(StandardCharsets.UTF_8)),
                    Date.from(NOT_BEFORE),
                    Date.from(NOT_AFTER),
                    name,
                    keys.getPublic());
            var signer = new JcaContentSignerBuilder("SHA256withECDSA")
                    .setSecureRandom(random)
                    .build(keys.getPrivate());
            return new Pem(pem(builder.build(signer)), pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
