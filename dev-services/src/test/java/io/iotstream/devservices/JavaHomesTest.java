package io.iotstream.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaHomesTest {

    @TempDir
    Path tmp;

    private Path jdk(String relative, String javaVersion) throws IOException {
        Path home = tmp.resolve(relative);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
        if (javaVersion != null) {
            Files.writeString(home.resolve("release"),
                    "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + javaVersion + "\"\nOS_NAME=\"Linux\"\n");
        }
        return home;
    }

    private JavaHomes finder(Map<String, String> env, Path current, int currentVersion) {
        return new JavaHomes(env, current, currentVersion, List.of(tmp.resolve("jvm"), tmp.resolve("sdkman"),
                tmp.resolve("mac")), List.of(tmp.resolve("opt")));
    }

    @Test
    void shouldPreferExplicitRegistryJavaHome() throws IOException {
        Path explicit = jdk("custom/jdk-22", "22.0.1");
        jdk("jvm/temurin-21", "21.0.4");
        Path java17 = jdk("jvm/java-17", "17.0.15");

        Optional<JavaHomes.JavaHome> found = finder(Map.of("IOTSTREAM_REGISTRY_JAVA_HOME", explicit.toString(),
                "JAVA_HOME", java17.toString()), java17, 17).find(21);

        assertThat(found).get().satisfies(h -> {
            assertThat(h.home()).isEqualTo(explicit);
            assertThat(h.featureVersion()).isEqualTo(22);
            assertThat(h.foundVia()).isEqualTo("IOTSTREAM_REGISTRY_JAVA_HOME");
            assertThat(h.javaExecutable()).isEqualTo(explicit.resolve("bin/java"));
        });
    }

    @Test
    void shouldFailWhenExplicitRegistryJavaHomeIsTooOld() throws IOException {
        Path old = jdk("custom/jdk-17", "17.0.2");
        jdk("jvm/temurin-21", "21.0.4");

        assertThatThrownBy(() -> finder(Map.of("IOTSTREAM_REGISTRY_JAVA_HOME", old.toString()), null, 17).find(21))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IOTSTREAM_REGISTRY_JAVA_HOME")
                .hasMessageContaining("is Java 17");
    }

    @Test
    void shouldUseJava21HomeThenJavaHome() throws IOException {
        Path java21 = jdk("a/jdk21", "21.0.1");
        Path java23 = jdk("b/jdk23", "23");
        Path java17 = jdk("jvm/java-17", "17.0.15");

        assertThat(finder(Map.of("JAVA21_HOME", java21.toString(), "JAVA_HOME", java23.toString()), java17, 17)
                .find(21)).get().extracting(JavaHomes.JavaHome::home).isEqualTo(java21);
        assertThat(finder(Map.of("JAVA_HOME", java23.toString()), java17, 17).find(21))
                .get().extracting(JavaHomes.JavaHome::foundVia).isEqualTo("JAVA_HOME");
    }

    @Test
    void shouldSkipTooOldJavaHomeAndUseRunningJvmWhenNewEnough() throws IOException {
        Path java17 = jdk("jvm/java-17", "17.0.15");
        Path current = jdk("running", null); // the running JVM's version is known without a release file

        Optional<JavaHomes.JavaHome> found = finder(Map.of("JAVA_HOME", java17.toString()), current, 25).find(21);

        assertThat(found).get().satisfies(h -> {
            assertThat(h.home()).isEqualTo(current);
            assertThat(h.featureVersion()).isEqualTo(25);
            assertThat(h.foundVia()).isEqualTo("java.home");
        });
    }

    @Test
    void shouldScanInstallFoldersAndPickLowestSufficientVersion() throws IOException {
        Path java17 = jdk("jvm/java-17-openjdk-amd64", "17.0.15");
        jdk("jvm/temurin-25-jdk-amd64", "25.0.3");
        Path java21 = jdk("sdkman/21.0.5-tem", "21.0.5");
        jdk("jvm/broken", null);

        JavaHomes finder = finder(Map.of(), java17, 17);
        Optional<JavaHomes.JavaHome> found = finder.find(21);

        assertThat(found).get().satisfies(h -> {
            assertThat(h.home()).isEqualTo(java21.toRealPath());
            assertThat(h.foundVia()).isEqualTo("scan");
        });
        assertThat(finder.notes()).anySatisfy(n -> assertThat(n).contains("broken").contains("JAVA_VERSION"));
    }

    @Test
    void shouldFindMacOsBundleHomesAndOptJdkFolders() throws IOException {
        Path mac = jdk("mac/temurin-22.jdk/Contents/Home", "22.0.2");
        assertThat(finder(Map.of(), null, 17).find(21)).get().extracting(JavaHomes.JavaHome::home)
                .isEqualTo(mac.toRealPath());

        Files.walk(tmp.resolve("mac")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        Path opt = jdk("opt/openjdk-21", "21.0.2");
        jdk("opt/not-a-java", "21.0.2"); // /opt/* only counts when the name says jdk
        assertThat(finder(Map.of(), null, 17).find(21)).get().extracting(JavaHomes.JavaHome::home)
                .isEqualTo(opt.toRealPath());
    }

    @Test
    void shouldReturnEmptyWithNotesWhenNothingIsNewEnough() throws IOException {
        Path java17 = jdk("jvm/java-17", "17.0.15");
        jdk("jvm/java-11", "11.0.22");

        JavaHomes finder = finder(Map.of("JAVA_HOME", java17.toString()), java17, 17);

        assertThat(finder.find(21)).isEmpty();
        assertThat(finder.notes()).anySatisfy(n -> assertThat(n).contains("java-11").contains("is Java 11"));
        assertThat(finder.notes()).anySatisfy(n -> assertThat(n).startsWith("JAVA_HOME"));
    }

    @Test
    void shouldParseReleaseVersions() {
        assertThat(JavaHomes.featureVersion("\"21.0.2\"")).hasValue(21);
        assertThat(JavaHomes.featureVersion("1.8.0_392")).hasValue(8);
        assertThat(JavaHomes.featureVersion("25-ea")).hasValue(25);
        assertThat(JavaHomes.featureVersion("25")).hasValue(25);
        assertThat(JavaHomes.featureVersion("")).isEmpty();
        assertThat(JavaHomes.featureVersion(null)).isEmpty();
    }
}
