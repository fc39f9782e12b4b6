package io.iotstream.tools.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotstream.cli.ExitCode;
import io.iotstream.cli.flags.JsonFlag;
import io.iotstream.cli.flags.StoreFlags;
import io.iotstream.cli.settings.PerRun;
import io.iotstream.model.store.LivePointer;
import io.iotstream.model.store.ModelNames;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.VersionSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code model list}: versions with their metrics, the live one marked. */
@Command(name = "list",
        description = "List the versions in a store with their metrics; '*' marks the live version.")
final class ListCommand extends ModelSubcommand {

    @Parameters(index = "0", paramLabel = "<store>", description = "Store location: s3://bucket/prefix or a folder.")
    String store;

    @PerRun
    @Option(names = "--name", paramLabel = "<name>", description = "Only this model (default: every model).")
    String name;

    @Mixin
    JsonFlag json;

    @Mixin
    StoreFlags storeFlags;

    @Override
    protected int run() throws Exception {
        if (name != null) {
            ModelNames.requireValidName(name);
        }
        try (ModelStore s = openStore(store, storeFlags)) {
            List<String> names = name != null ? List.of(name) : s.names();
            List<ModelListing> listings = new ArrayList<>();
            for (String n : names) {
                listings.add(new ModelListing(n, s.live(n), s.list(n)));
            }
            if (json.on()) {
                printJson(s.location(), listings);
            } else {
                printText(s.location(), listings);
            }
        }
        return ExitCode.OK;
    }

    private record ModelListing(String name, Optional<LivePointer> live, List<VersionSummary> versions) {
    }

    private void printText(String location, List<ModelListing> listings) {
        PrintWriter out = out();
        if (listings.isEmpty() || listings.stream().allMatch(l -> l.versions().isEmpty() && l.live().isEmpty())) {
            out.println(name == null ? "no models in " + location : "no versions of " + name + " in " + location);
            out.flush();
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "NAME", "VERSION", "CREATED", "METRICS"});
        for (ModelListing l : listings) {
            for (VersionSummary v : l.versions()) {
                String metrics = v.valid()
                        ? v.metrics().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(" "))
                        : "INVALID: " + v.problem();
                rows.add(new String[] {v.live() ? "*" : "", v.name(), v.version(),
                        v.createdAt() == null ? "-" : v.createdAt().toString(), metrics});
            }
        }
        printColumns(out, rows);
        for (ModelListing l : listings) {
            l.live().ifPresent(p -> out.println(LiveChangeCommand.describe(p)));
        }
        out.flush();
    }

    private void printJson(String location, List<ModelListing> listings) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("store", location);
        ArrayNode models = root.putArray("models");
        for (ModelListing l : listings) {
            ObjectNode model = models.addObject();
            model.put("name", l.name());
            if (l.live().isPresent()) {
                model.put("live", l.live().get().version());
                model.put("rollbackTo", l.live().get().rollbackTarget().map(e -> e.version()).orElse(null));
            } else {
                model.putNull("live");
            }
            ArrayNode versions = model.putArray("versions");
            for (VersionSummary v : l.versions()) {
                ObjectNode node = versions.addObject();
                node.put("version", v.version());
                node.put("live", v.live());
                node.put("valid", v.valid());
                if (v.valid()) {
                    node.put("checksum", v.checksum());
                    node.put("createdAt", v.createdAt() == null ? null : v.createdAt().toString());
                    ObjectNode metrics = node.putObject("metrics");
                    v.metrics().forEach(metrics::put);
                } else {
                    node.put("problem", v.problem());
                }
            }
        }
        out().println(JSON.writeValueAsString(root));
        out().flush();
    }
}
