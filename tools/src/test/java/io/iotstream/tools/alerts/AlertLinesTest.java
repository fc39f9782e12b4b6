package io.iotstream.tools.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorContribution;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class AlertLinesTest {

    static Alert alert(String device, double p, String version) {
        return Alert.newBuilder()
                .setDeviceId(device)
                .setKind(AlertKind.ATTENTION)
                .setProbability(p)
                .setAttentionNeeded(p >= 0.5)
                .setModelName("sensor-failure")
                .setModelVersion(version)
                .setEventTime(Instant.parse("2026-11-25T14:53:01.123Z"))
                .setScoredAt(Instant.parse("2026-11-25T14:53:01.200Z"))
                .setEventsInInterval(12)
                .setTopSensors(List.of(new SensorContribution(3, 0.9, 1.23), new SensorContribution(7, 0.8, -0.88)))
                .build();
    }

    @Test
    void shouldShowDeviceProbabilityAndModelOnOneLine() {
        String line = AlertLines.text(alert("device-17", 0.97312, "v2"));

        assertThat(line).doesNotContain("\n")
                .startsWith("2026-11-25T14:53:01.123Z ATTENTION")
                .contains("device-17", "p=0.973", "ATTENTION NEEDED", "model=sensor-failure v2", "events=12",
                        "top=s3:+1.230 s7:-0.880");
    }

    @Test
    void shouldWriteJsonWithIsoTimesAndPosition() {
        String json = AlertLines.json(alert("device-17", 0.25, "v1"), "iot.alerts.v1", 2, 41);

        assertThat(json).doesNotContain("\n")
                .contains("\"deviceId\":\"device-17\"", "\"probability\":0.25", "\"attentionNeeded\":false",
                        "\"modelVersion\":\"v1\"", "\"eventTime\":\"2026-11-25T14:53:01.123Z\"",
                        "\"topSensors\":[{\"sensor\":3,\"value\":0.9,\"contribution\":1.23}",
                        "\"topic\":\"iot.alerts.v1\"", "\"partition\":2", "\"offset\":41");
    }

    @Test
    void shouldShowDeadLetterHeadersOnOneLine() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("iotstream.dlq.reason", "DESERIALIZATION".getBytes(StandardCharsets.UTF_8));
        headers.add("iotstream.dlq.message", "bad magic\nbyte".getBytes(StandardCharsets.UTF_8));
        headers.add("other", "x".getBytes(StandardCharsets.UTF_8));

        String line = AlertLines.deadLetterText(Instant.EPOCH, "device-3", new byte[5], headers, 0, 7);

        assertThat(line).doesNotContain("\n").doesNotContain("other")
                .contains("DEAD-LETTER p0@7", "key=device-3", "reason=DESERIALIZATION", "message=bad magic | byte",
                        "(5 bytes)");
    }
}
