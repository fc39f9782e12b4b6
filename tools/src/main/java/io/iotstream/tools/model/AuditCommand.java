package io.iotstream.tools.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotstream.cli.ExitCode;
import io.iotstream.cli.flags.JsonFlag;
import io.iotstream.cli.flags.StoreFlags;
import io.iotstream.model.audit.AuditJson;
import io.iotstream.model.audit.AuditRecord;
import io.iotstream.model.store.ModelNames;
import io.iotstream.model.store.ModelStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code model audit}: the promotion decisions recorded for a model, oldest first. */
@Command(name = "audit",
        description = {
            "Show the audit trail of a model: every promotion decision retrain recorded in",
            "<store>/<name>/audit/, oldest first, one line each: time, version, decision,",
            "who, and the metrics against the live model (with the failed checks of a",
            "refusal, or the error of a failure)."
        })
final class AuditCommand extends ModelSubcommand {

    @Parameters(index = "0", paramLabel = "<store>", description = "Store location: s3://bucket/prefix or a folder.")
    String store;

    @Parameters(index = "1", paramLabel = "<name>", description = "Model name.")
    String name;

    @Mixin
    JsonFlag json;

    @Mixin
    StoreFlags storeFlags;

    @Override
    protected int run() throws Exception {
        ModelNames.requireValidName(name);
        try (ModelStore s = openStore(store, storeFlags)) {
            List<AuditRecord> records = s.audit(name);
            if (json.on()) {
                printJson(s.location(), records);
            } else {
                printText(s.location(), records);
            }
        }
        return ExitCode.OK;
    }

    private void printText(String location, List<AuditRecord> records) {
        PrintWriter out = out();
        if (records.isEmpty()) {
            out.println("no audit records of " + name + " in " + location);
            out.flush();
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TIME", "VERSION", "DECISION", "BY", "DETAILS"});
        for (AuditRecord r : records) {
            rows.add(new String[] {r.at().toString(), r.version(), r.decision().name(), r.by(), details(r)});
        }
        printColumns(out, rows);
        out.flush();
    }

    /**
     * The candidate's metrics, each with its difference from the live model it was compared with; then, for a
     * refusal, the checks that failed (all of them if none says so), for a failure, the error.
     */
    static String details(AuditRecord r) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
            Double live = r.liveMetrics().get(m.getKey());
            parts.add(live == null
                    ? String.format(Locale.ROOT, "%s=%.4f", m.getKey(), m.getValue())
                    : String.format(Locale.ROOT, "%s=%.4f (%+.4f)", m.getKey(), m.getValue(), m.getValue() - live));
        }
        String details = String.join(" ", parts);
        if (r.liveBefore() != null && !r.liveMetrics().isEmpty()) {
            details += " vs " + r.liveBefore();
        }
        List<String> why = switch (r.decision()) {
            case REFUSED -> {
                List<String> failed = r.reasons().stream().filter(x -> x.contains("FAILED")).toList();
                yield failed.isEmpty() ? r.reasons() : failed;
            }
            case FAILED -> r.reasons();
            default -> List.of();
        };
        if (!why.isEmpty()) {
            details += (details.isEmpty() ? "" : "; ") + String.join("; ", why);
        }
        return details.isEmpty() ? "-" : details;
    }

    private void printJson(String location, List<AuditRecord> records) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("store", location);
        root.put("name", name);
        ArrayNode array = root.putArray("records");
        for (AuditRecord r : records) {
            array.add(JSON.readTree(AuditJson.write(r)));
        }
        out().println(JSON.writeValueAsString(root));
        out().flush();
    }
}
