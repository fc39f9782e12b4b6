package io.iotstream.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class PrerequisiteTest {

    private final Prerequisite tool = new Prerequisite("IOTSTREAM_REQUIRE_SOMETHING");

    @Test
    void metPassesEverywhere() {
        assertThatCode(() -> tool.check(true, "x", Map.of("IOTSTREAM_REQUIRE_SOMETHING", "true")))
                .doesNotThrowAnyException();
    }

    @Test
    void missingSkipsOnADevelopersMachine() {
        assertThatThrownBy(() -> tool.check(false, "install something", Map.of()))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("install something");
        assertThatThrownBy(() -> tool.check(false, "install something",
                Map.of("IOTSTREAM_REQUIRE_SOMETHING", "false"))).isInstanceOf(TestAbortedException.class);
    }

    @Test
    void missingFailsWhereRequired() {
        assertThatThrownBy(() -> tool.check(false, "install something",
                Map.of("IOTSTREAM_REQUIRE_SOMETHING", "true")))
                .isInstanceOf(AssertionError.class).isNotInstanceOf(TestAbortedException.class)
                .hasMessageContaining("install something").hasMessageContaining("IOTSTREAM_REQUIRE_SOMETHING=true");
    }
}
