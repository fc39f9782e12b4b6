package io.iotstream.schemas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelEventTest {

    @Test
    void shouldRoundTripTheDocumentedJson() {
        String json = "{\"name\":\"sensor-failure\",\"version\":\"2026.03.2\",\"store\":\"s3://models/prod\","
                + "\"checksum\":\"sha256:ab\"}";
        ModelEvent event = ModelEvent.parse(json);
        assertThat(event).isEqualTo(new ModelEvent("sensor-failure", "2026.03.2", "s3://models/prod", "sha256:ab"));
        assertThat(event.toJson()).isEqualTo(json);
        assertThat(event.key()).isEqualTo("sensor-failure");
    }

    @Test
    void shouldNameWhatIsMissing() {
        assertThatThrownBy(() -> ModelEvent.parse("{\"name\":\"m\"}")).hasMessageContaining("'version'");
        assertThatThrownBy(() -> ModelEvent.parse("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> ModelEvent.parse("{")).hasMessageContaining("not JSON");
    }
}
