package io.iotstream.model.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LivePointerJsonTest {

    private static final LiveEntry TWO = new LiveEntry("2", "sha256:" + "2".repeat(64),
            Instant.parse("2026-03-02T00:00:00Z"), "bob", LiveEntry.Action.PROMOTE);
    private static final LiveEntry ONE = new LiveEntry("1", "sha256:" + "1".repeat(64),
            Instant.parse("2026-03-01T00:00:00Z"), "alice", LiveEntry.Action.ROLLBACK);

    @Test
    void shouldRoundTrip() {
        LivePointer pointer = new LivePointer("turbine", TWO, List.of(ONE));

        assertThat(LivePointerJson.read(LivePointerJson.write(pointer))).isEqualTo(pointer);
        assertThat(new String(LivePointerJson.write(pointer), StandardCharsets.UTF_8))
                .contains("\"pointerFormat\" : 1", "\"action\" : \"rollback\"", "\"promotedAt\" : \"2026-03-02T00:00:00Z\"");
    }

    @Test
    void shouldKeepAtMostTheConfiguredHistory() {
        List<LiveEntry> many = new ArrayList<>();
        for (int i = 0; i < LivePointer.MAX_HISTORY + 5; i++) {
            many.add(ONE);
        }

        assertThat(new LivePointer("turbine", TWO, many).previous()).hasSize(LivePointer.MAX_HISTORY);
    }

    @Test
    void shouldRejectUnknownFormatsAndMissingFields() {
        assertThatThrownBy(() -> read("{\"pointerFormat\":2,\"name\":\"t\"}"))
                .hasMessageContaining("unsupported pointerFormat 2");
        assertThatThrownBy(() -> read("{\"pointerFormat\":1,\"name\":\"t\"}"))
                .hasMessageContaining("'live' is missing");
        assertThatThrownBy(() -> read("{\"pointerFormat\":1,\"name\":\"t\",\"live\":{\"version\":\"1\","
                + "\"checksum\":\"c\",\"promotedAt\":\"yesterday\",\"promotedBy\":\"x\",\"action\":\"promote\"}}"))
                .hasMessageContaining("promotedAt is not an ISO-8601 instant");
        assertThatThrownBy(() -> read("{\"pointerFormat\":1,\"name\":\"t\",\"live\":{\"version\":\"../1\","
                + "\"checksum\":\"c\",\"promotedAt\":\"2026-03-01T00:00:00Z\",\"promotedBy\":\"x\","
                + "\"action\":\"promote\"}}"))
                .hasMessageContaining("model version '../1' is not allowed");
        assertThatThrownBy(() -> read("not json")).hasMessageContaining("not valid JSON");
    }

    private static LivePointer read(String json) {
        return LivePointerJson.read(json.getBytes(StandardCharsets.UTF_8));
    }
}
