package io.iotstream.tools.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotstream.model.audit.AuditRecord;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.testkit.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model audit} on a folder store: one line per decision, JSON, help and usage errors. */
class AuditCommandTest {

    static final Instant AT = Instant.parse("2026-11-25T02:30:00Z");

    @TempDir
    Path tmp;

    static AuditRecord promoted() {
        return new AuditRecord("pump", "2", "sha256:2", AuditRecord.Decision.PROMOTED, "retrain-cronjob", AT,
                "auc>=0.97", 0.005, Map.of("auc", 0.995), "pump:1", Map.of("auc", 0.99), "pump:2",
                List.of("auc>=0.97: ok (0.995000)", "auc 0.995000 vs live pump:1 0.990000: ok"), null, "data");
    }

    static AuditRecord refused() {
        return new AuditRecord("pump", "3", "sha256:3", AuditRecord.Decision.REFUSED, "alice", AT.plusSeconds(3600),
                "auc>=0.97", 0.005, Map.of("auc", 0.74), "pump:2", Map.of("auc", 0.995), "pump:2",
                List.of("auc>=0.97: FAILED (0.740000)", "auc 0.740000 vs live pump:2 0.995000: FAILED, worse"),
                "ed25519:0123456789abcdef", "data");
    }

    static AuditRecord failed() {
        return new AuditRecord("pump", "4", null, AuditRecord.Decision.FAILED, "alice", AT.plusSeconds(7200),
                "auc>=0.97", 0.005, Map.of(), "pump:2", Map.of(), "pump:2", List.of("disk full"), null, "data");
    }

    private String storeWith(AuditRecord... records) {
        String store = tmp.resolve("store").toUri().toString();
        try (ModelStore s = ModelStores.open(store, StoreOptions.defaults())) {
            for (AuditRecord r : records) {
                s.appendAudit(r);
            }
        }
        return store;
    }

    @Test
    void shouldPrintOneLinePerDecisionOldestFirst() {
        String store = storeWith(refused(), failed(), promoted());

        CommandRun run = CliRun.run(Map.of(), "audit", store, "pump");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines()).containsExactly(
                "TIME                  VERSION  DECISION  BY               DETAILS",
                "2026-11-25T02:30:00Z  2        PROMOTED  retrain-cronjob  auc=0.9950 (+0.0050) vs pump:1",
                "2026-11-25T03:30:00Z  3        REFUSED   alice            auc=0.7400 (-0.2550) vs pump:2; "
                        + "auc>=0.97: FAILED (0.740000); auc 0.740000 vs live pump:2 0.995000: FAILED, worse",
                "2026-11-25T04:30:00Z  4        FAILED    alice            disk full");
    }

    @Test
    void shouldPrintTheRecordsAsStoredWithJson() throws Exception {
        String store = storeWith(promoted(), refused());

        CommandRun run = CliRun.run(Map.of(), "audit", store, "pump", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.path("store").asText()).isEqualTo(store.replaceAll("/$", ""));
        assertThat(root.path("name").asText()).isEqualTo("pump");
        JsonNode records = root.path("records");
        assertThat(records).hasSize(2);
        assertThat(records.get(0).path("auditFormat").asInt()).isEqualTo(1);
        assertThat(records.get(0).path("decision").asText()).isEqualTo("PROMOTED");
        assertThat(records.get(1).path("version").asText()).isEqualTo("3");
        assertThat(records.get(1).path("by").asText()).isEqualTo("alice");
        assertThat(records.get(1).path("liveMetrics").path("auc").asDouble()).isEqualTo(0.995);
        assertThat(records.get(1).path("signedBy").asText()).isEqualTo("ed25519:0123456789abcdef");
    }

    @Test
    void shouldSaySoWhenThereAreNoRecords() {
        String store = storeWith();

        CommandRun run = CliRun.run(Map.of(), "audit", store, "pump");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("no audit records of pump in file:");
    }

    @Test
    void shouldPrintHelp() {
        CommandRun run = CliRun.run(Map.of(), "audit", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: model audit", "<store>", "<name>", "--json", "--s3-endpoint");
        assertThat(CliRun.run(Map.of(), "--help").out()).contains("audit");
    }

    @Test
    void shouldExitTwoOnUsageErrors() {
        CommandRun missingName = CliRun.run(Map.of(), "audit", storeWith());
        assertThat(missingName.exitCode()).as(missingName.toString()).isEqualTo(2);
        assertThat(missingName.err()).contains("Missing required parameter: '<name>'", "Usage: model audit");

        CommandRun badName = CliRun.run(Map.of(), "audit", storeWith(), "a/b");
        assertThat(badName.exitCode()).as(badName.toString()).isEqualTo(2);
        assertThat(badName.errLines()).singleElement().asString().startsWith("model audit: ").contains("model name");
    }

    @Test
    void shouldFailOnOneLineNamingADamagedRecord() throws Exception {
        String store = storeWith(promoted());
        Path dir = tmp.resolve("store/pump/audit");
        Files.writeString(dir.resolve("20261125T050000.000Z-9.json"), "{ not json");

        CommandRun run = CliRun.run(Map.of(), "audit", store, "pump");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .contains("pump/audit/20261125T050000.000Z-9.json is damaged");
    }
}
