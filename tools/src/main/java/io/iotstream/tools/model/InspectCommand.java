package io.iotstream.tools.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ExitCode;
import io.iotstream.cli.flags.JsonFlag;
import io.iotstream.cli.flags.StoreFlags;
import io.iotstream.cli.settings.PerRun;
import io.iotstream.model.InvalidModelException;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.Provenance;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.store.LiveFetch;
import io.iotstream.model.store.ModelNames;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelVerificationException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code model inspect}: show a model and whether its checksum holds. */
@Command(name = "inspect",
        description = {
            "Show a model: name, version, features, threshold, metrics, provenance and checksum status.",
            "Give a model.json file, or a store with --name (and --version; default: the live version)."
        })
final class InspectCommand extends ModelSubcommand {
    private static final int SHOWN_FEATURES = 10;

    @Parameters(index = "0", paramLabel = "<file-or-store>",
            description = "A model.json file (path or file: URI), or a store location (s3://bucket/prefix, a folder).")
    String source;

    @PerRun
    @Option(names = "--name", paramLabel = "<name>", description = "Model name, when inspecting a store.")
    String name;

    @PerRun
    @Option(names = "--version", paramLabel = "<version>",
            description = "Model version, when inspecting a store (default: the live version).")
    String version;

    @Mixin
    JsonFlag json;

    @Mixin
    StoreFlags storeFlags;

    @Override
    protected int run() throws Exception {
        Path file = localFile(source);
        boolean isFile = file != null && Files.isRegularFile(file);
        if (!isFile && source.endsWith(".json")) {
            throw new CliFailure("no such file: " + source + ": check the path");
        }
        if (isFile) {
            if (name != null || version != null) {
                throw new ParameterException(spec.commandLine(),
                        "--name and --version apply to a store, but " + source + " is a file");
            }
            return inspectFile(readFile(source));
        }
        if (name == null) {
            throw new ParameterException(spec.commandLine(), "Missing --name: " + source
                    + " is not a file, so it is read as a store; give --name (and --version) or a model.json path");
        }
        ModelNames.requireValidName(name);
        try (ModelStore store = openStore(source, storeFlags)) {
            ModelArtifact artifact;
            String where;
            if (version != null) {
                artifact = store.fetch(name, ModelNames.requireValidVersion(version));
                where = store.location() + " (" + name + " version " + version + ")";
            } else {
                LiveFetch.Updated live = (LiveFetch.Updated) store.fetchLive(name, null);
                artifact = live.artifact();
                where = store.location() + " (" + name + ", live version " + artifact.version() + ")";
            }
            print(where, artifact);
            return ExitCode.OK;
        } catch (ModelVerificationException e) {
            if (json.on()) {
                printInvalid(source, e.getMessage());
            }
            throw e;
        }
    }

    private int inspectFile(byte[] bytes) throws Exception {
        ModelArtifact artifact;
        try {
            artifact = ModelJson.read(bytes);
        } catch (InvalidModelException e) {
            if (json.on()) {
                printInvalid(source, e.getMessage());
            } else {
                PrintWriter out = out();
                out.println("source:     " + source);
                out.println("checksum:   INVALID");
                out.flush();
            }
            throw new CliFailure(source + " is not a valid model: " + e.getMessage(), e);
        }
        print(source, artifact);
        return ExitCode.OK;
    }

    private void print(String where, ModelArtifact a) throws Exception {
        PrintWriter out = out();
        if (json.on()) {
            ObjectNode root = JSON.createObjectNode();
            root.put("source", where);
            root.put("valid", true);
            root.put("checksumStatus", "verified");
            root.set("model", JSON.readTree(ModelJson.write(a)));
            out.println(JSON.writeValueAsString(root));
            out.flush();
            return;
        }
        List<String> names = a.features().names();
        String shown = names.stream().limit(SHOWN_FEATURES).collect(Collectors.joining(", "))
                + (names.size() > SHOWN_FEATURES ? ", ... (" + (names.size() - SHOWN_FEATURES) + " more)" : "");
        Provenance p = a.provenance();
        out.println("source:     " + where);
        out.println("model:      " + a.id());
        out.println("name:       " + a.name());
        out.println("version:    " + a.version());
        out.println("algorithm:  " + a.algorithm() + " (format " + a.formatVersion() + ")");
        out.println("features:   " + a.features().count() + " [" + shown + "], neutral value "
                + a.features().neutralValue());
        out.println("threshold:  " + a.threshold());
        out.println("intercept:  " + a.intercept());
        out.println("metrics:    " + (a.metrics().isEmpty() ? "(none)" : join(a.metrics())));
        out.println("provenance:");
        out.println("  trainer:      " + p.trainer() + " " + p.trainerVersion());
        out.println("  created at:   " + p.createdAt());
        out.println("  data:         " + p.dataUri());
        out.println("  fingerprint:  " + p.dataFingerprint());
        out.println("  rows:         " + p.rows());
        out.println("  seed:         " + (p.seed() == null ? "(none)" : p.seed()));
        out.println("  git sha:      " + (p.gitSha() == null ? "(unknown)" : p.gitSha()));
        out.println("  parameters:   " + (p.parameters().isEmpty() ? "(none)" : join(p.parameters())));
        out.println("checksum:   " + a.checksum() + " (verified)");
        out.flush();
    }

    private void printInvalid(String where, String reason) {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", where);
        root.put("valid", false);
        root.put("checksumStatus", "invalid");
        root.put("error", reason);
        try {
            out().println(JSON.writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out().flush();
    }

    private static String join(Map<String, ?> map) {
        return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
