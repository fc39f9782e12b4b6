package io.iotstream.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelRefTest {

    @Test
    void shouldParseTheLiveVersionAndAPinnedVersion() {
        assertThat(ModelRef.parse("s3://models/prod/sensor-failure"))
                .isEqualTo(new ModelRef("s3://models/prod", "sensor-failure", null));
        assertThat(ModelRef.parse("s3://models/sensor-failure/versions/2026.03.2/"))
                .isEqualTo(new ModelRef("s3://models", "sensor-failure", "2026.03.2"));
        assertThat(ModelRef.parse("file:///srv/models/m1")).isEqualTo(new ModelRef("file:///srv/models", "m1", null));
        assertThat(ModelRef.parse("file:///srv/models//m1")).isEqualTo(new ModelRef("file:///srv/models", "m1", null));
        assertThat(ModelRef.parse("models/m1")).isEqualTo(new ModelRef("models", "m1", null));
        assertThat(ModelRef.parse("s3://b/m/versions/3").pinned()).isTrue();
    }

    @Test
    void shouldRefuseAUriWithoutStoreOrModel() {
        for (String bad : new String[] {"m1", "s3://bucket", "s3://", "/m1", "file:///m1", "s3://b/bad name"}) {
            assertThatThrownBy(() -> ModelRef.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
    }
}
