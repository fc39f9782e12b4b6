package io.iotstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandUserTest {

    @Test
    void shouldPreferTheJvmUserThenTheEnvironment() {
        assertThat(CommandUser.of(Map.of("USER", "env-user"), Map.of("user.name", "jvm-user"))).isEqualTo("jvm-user");
        assertThat(CommandUser.of(Map.of("USER", "env-user"), Map.of("user.name", " "))).isEqualTo("env-user");
        assertThat(CommandUser.of(Map.of(), Map.of())).isEqualTo("unknown");
    }
}
