package io.iotstream.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackStateTest {

    @TempDir
    Path home;

    @Test
    void aStackThatIsDownHasNoEndpoints() {
        LocalStackState state = LocalStackState.read(home);
        assertThat(state.values()).isEmpty();
        assertThat(state.bootstrapServers()).isEmpty();
        assertThat(state.registryUrl()).isEmpty();
    }

    @Test
    void readsWhatItWrote() throws Exception {
        LocalStackState.write(home, Map.of(LocalStackState.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092",
                LocalStackState.REGISTRY_URL, "http://127.0.0.1:8081/apis/ccompat/v7", "kafka.pid", "42"));
        assertThat(Files.list(home).map(p -> p.getFileName().toString()).toList())
                .containsExactly(LocalStackState.FILE_NAME);
        LocalStackState state = LocalStackState.read(home);
        assertThat(state.bootstrapServers()).hasValue("127.0.0.1:9092");
        assertThat(state.registryUrl()).hasValue("http://127.0.0.1:8081/apis/ccompat/v7");
        assertThat(state.get("kafka.pid")).hasValue("42");
        assertThat(state.toProperties().getProperty("kafka.pid")).isEqualTo("42");
    }

    @Test
    void theHomeComesFromTheEnvironmentElseTheWorkingDirectory() {
        assertThat(LocalStackState.homeFrom(Map.of(LocalStackState.HOME_ENV, home.toString()))).isEqualTo(home);
        assertThat(LocalStackState.homeFrom(Map.of())).isEqualTo(Path.of(".iotstream").toAbsolutePath());
    }
}
