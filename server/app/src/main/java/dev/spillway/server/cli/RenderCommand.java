package dev.spillway.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.status.StatusLines;
import dev.spillway.server.source.file.ConfigDirectory;
import dev.spillway.server.status.StatusBoard;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import dev.spillway.translator.xds.EnvoyJson;
import dev.spillway.translator.xds.XdsResources;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spillway render}: a proxy group's Envoy resources, as Envoy's /config_dump shows them. */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the Envoy resources one proxy group receives (clusters, endpoints, listeners,",
            "routes, secrets) as protobuf JSON like Envoy's /config_dump, private keys redacted.",
            "Resource statuses go to stderr. No server needed."
        })
final class RenderCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format {
        json,
        yaml
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--config-dir", required = true, description = "config directory (one sub-directory per cluster)")
    Path dir;

    @Option(names = "--cluster", required = true, description = "federation cluster, e.g. local")
    String cluster;

    @Option(names = "--proxy", defaultValue = "gateway-proxy", description = "proxy name (default: ${DEFAULT-VALUE})")
    String proxy;

    @Option(names = "--output", defaultValue = "json", description = "json or yaml (default: ${DEFAULT-VALUE})")
    Format output;

    @Override
    public Integer call() throws IOException {
        Translation translation = Translator.translate(ConfigDirectory.read(dir));
        PrintWriter err = spec.commandLine().getErr();
        err.print(StatusLines.render(StatusBoard.withExpiry(translation, Instant.now())));
        err.flush();
        ProxyGroup group = new ProxyGroup(cluster, proxy);
        XdsResources xds = translation.groups().get(group);
        if (xds == null) {
            err.println("spillway render: no proxy group " + group + "; known groups: "
                    + translation.groups().keySet());
            err.flush();
            return 2;
        }
        String json = EnvoyJson.groupDump(xds);
        PrintWriter out = spec.commandLine().getOut();
        out.print(output == Format.json ? json : toYaml(json));
        out.flush();
        return 0;
    }

    private static String toYaml(String json) throws IOException {
        return dev.spillway.api.codec.Yaml.write(new ObjectMapper().readTree(json));
    }
}
