package io.iotstream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of an IoTStream module, from its jar's Maven metadata; "development" when run from classes. */
public final class ModuleVersion {

    private ModuleVersion() {
    }

    /** @param artifactId e.g. {@code iotstream-model-format} */
    public static String of(String artifactId) {
        String resource = "/META-INF/maven/io.iotstream/" + artifactId + "/pom.properties";
        try (InputStream in = ModuleVersion.class.getResourceAsStream(resource)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "development");
            }
        } catch (IOException e) {
            // an unreadable jar entry is no reason to fail --version
        }
        return "development";
    }
}
