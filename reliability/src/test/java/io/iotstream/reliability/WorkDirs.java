package io.iotstream.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Work folders under {@code target/reliability-work}, one per test instance, kept after the run. */
final class WorkDirs {

    private WorkDirs() {
    }

    static Path create(Class<?> test) {
        try {
            Path root = Path.of(System.getProperty("reliability.work", "target/reliability-work"));
            Files.createDirectories(root);
            return Files.createTempDirectory(root, test.getSimpleName() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder", e);
        }
    }
}
