package io.iotstream.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which registry runs on which Java, and what the failure says when none can. */
class ApicurioRegistryPlanTest {

    @TempDir
    Path tmp;

    private Path repo() {
        return tmp.resolve("repo");
    }

    private void distribution(String version) throws IOException {
        Path file = ApicurioRegistry.distribution(repo(), version);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not really a tar");
    }

    private JavaHomes finderWithJdk(String javaVersion) throws IOException {
        if (javaVersion != null) {
            Path home = tmp.resolve("jvm/jdk-" + javaVersion);
            Files.createDirectories(home.resolve("bin"));
            Files.writeString(home.resolve("bin/java"), "");
            Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + javaVersion + "\"\n");
        }
        return new JavaHomes(Map.of(), null, 17, List.of(tmp.resolve("jvm")), List.of());
    }

    @Test
    void shouldRunMainVersionOnJava21() throws IOException {
        distribution("3.3.3");
        distribution("2.6.13.Final");

        ApicurioRegistry.Plan plan = ApicurioRegistry.plan(finderWithJdk("21.0.3"), repo(), "3.3.3",
                "2.6.13.Final", tmp.resolve("current"));

        assertThat(plan.version()).isEqualTo("3.3.3");
        assertThat(plan.javaExecutable().toString()).contains("jdk-21.0.3");
        assertThat(plan.distribution()).hasFileName("apicurio-registry-app-3.3.3-all.tar.gz");
    }

    @Test
    void shouldFallBackToV2OnRunningJavaWithoutJava21() throws IOException {
        distribution("3.3.3");
        distribution("2.6.13.Final");

        ApicurioRegistry.Plan plan = ApicurioRegistry.plan(finderWithJdk(null), repo(), "3.3.3", "2.6.13.Final",
                tmp.resolve("current"));

        assertThat(plan.version()).isEqualTo("2.6.13.Final");
        assertThat(plan.isV2()).isTrue();
        assertThat(plan.javaExecutable()).isEqualTo(tmp.resolve("current/bin/java"));
    }

    @Test
    void shouldNameBothFixesWhenNeitherWorks() throws IOException {
        distribution("3.3.3");

        assertThatThrownBy(() -> ApicurioRegistry.plan(finderWithJdk("17.0.9"), repo(), "3.3.3", "2.6.13.Final",
                tmp.resolve("current")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IOTSTREAM_REGISTRY_JAVA_HOME")
                .hasMessageContaining("mvn dependency:get -Dartifact=io.apicurio:apicurio-registry-app:2.6.13.Final:tar.gz:all")
                .hasMessageContaining("jdk-17.0.9");
    }

    @Test
    void shouldSayHowToFetchMissingMainDistribution() throws IOException {
        assertThatThrownBy(() -> ApicurioRegistry.plan(finderWithJdk("21"), repo(), "3.3.3", "2.6.13.Final",
                tmp.resolve("current")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io.apicurio:apicurio-registry-app:3.3.3:tar.gz:all");
    }
}
