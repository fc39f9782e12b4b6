package io.iotstream.cli.flags;

import java.util.Optional;
import picocli.CommandLine.Option;

/** The schema registry flag of every command that reads or writes Avro records, declared once. */
public final class RegistryFlags {

    @Option(names = "--schema-registry-url", paramLabel = "<url>",
            description = "Confluent-compatible schema registry, e.g. http://127.0.0.1:8080/apis/ccompat/v7; "
                    + "comma-separated for several (env: IOTSTREAM_SCHEMA_REGISTRY_URL). Credentials go in "
                    + "basic.auth.user.info (Kafka client properties file), never in the URL on the command line.")
    String schemaRegistryUrl;

    /** The registry given by the flag or its variable, if any. */
    public Optional<String> schemaRegistryUrl() {
        return schemaRegistryUrl == null || schemaRegistryUrl.isBlank() ? Optional.empty()
                : Optional.of(schemaRegistryUrl.strip());
    }
}
