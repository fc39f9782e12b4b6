package io.iotstream.stack.demo;

import io.iotstream.cli.stack.LocalStackState;
import io.iotstream.stack.Stack;
import java.util.Properties;

/**
 * Where the local stack's services listen, as {@code stack up} recorded them.
 *
 * @param bootstrapServers Kafka
 * @param schemaRegistryUrl the registry's Confluent-compatible API
 * @param s3Endpoint the S3 API server
 * @param s3AccessKey its access key id
 * @param s3SecretKey its secret key: passed to children in their environment only, never printed
 * @param s3Region the region to sign requests for
 */
public record StackEndpoints(String bootstrapServers, String schemaRegistryUrl, String s3Endpoint,
        String s3AccessKey, String s3SecretKey, String s3Region) {

    /** The endpoints in a stack state ({@link Stack#readState()}); fails naming the missing key. */
    public static StackEndpoints from(Properties state) {
        return new StackEndpoints(required(state, LocalStackState.KAFKA_BOOTSTRAP_SERVERS), required(state, LocalStackState.REGISTRY_URL),
                required(state, LocalStackState.S3_ENDPOINT), required(state, LocalStackState.S3_ACCESS_KEY),
                required(state, LocalStackState.S3_SECRET_KEY), required(state, LocalStackState.S3_REGION));
    }

    private static String required(Properties state, String key) {
        String value = state.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the local stack recorded no " + key + ": run ./iotstream stack down, "
                    + "then the demo again");
        }
        return value;
    }

    @Override
    public String toString() {
        return "StackEndpoints[kafka=" + bootstrapServers + ", registry=" + schemaRegistryUrl + ", s3=" + s3Endpoint
                + "]";
    }
}
