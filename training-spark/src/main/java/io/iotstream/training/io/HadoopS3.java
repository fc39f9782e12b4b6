package io.iotstream.training.io;

import io.iotstream.model.store.StoreOptions;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Gives Hadoop's S3A file system ({@code s3a://}) the same S3 settings as the model store ({@code s3://}): one
 * {@link StoreOptions}, read from the same environment variables and flags, configures both.
 *
 * <p>Credentials go into the in-memory Hadoop configuration only, never into Spark's configuration or the command
 * line; without them S3A uses its default chain (environment, profile, container or instance role).
 */
public final class HadoopS3 {

    /** Region to sign for when an S3-compatible endpoint is given without one: such servers ignore it. */
    static final String DEFAULT_REGION = "us-east-1";

    private HadoopS3() {
    }

    /** Applies {@code options} to {@code conf}; settings that are not set leave S3A's defaults alone. */
    public static void apply(StoreOptions options, Configuration conf) {
        options.s3Endpoint().ifPresent(endpoint -> applyEndpoint(endpoint, conf));
        if (options.s3Endpoint().isPresent() || options.s3PathStyle().isPresent()) {
            conf.setBoolean("fs.s3a.path.style.access", options.effectiveS3PathStyle());
        }
        if (options.region().isPresent()) {
            conf.set("fs.s3a.endpoint.region", options.region().get());
        } else if (options.s3Endpoint().isPresent()) {
            conf.set("fs.s3a.endpoint.region", DEFAULT_REGION);
        }
        options.credentials().ifPresent(provider -> {
            AwsCredentials c = provider.resolveCredentials();
            conf.set("fs.s3a.access.key", c.accessKeyId());
            conf.set("fs.s3a.secret.key", c.secretAccessKey());
            if (c instanceof AwsSessionCredentials session) {
                conf.set("fs.s3a.session.token", session.sessionToken());
                conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider");
            } else {
                conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            }
        });
    }

    private static void applyEndpoint(URI endpoint, Configuration conf) {
        conf.set("fs.s3a.endpoint", endpoint.toString());
        conf.setBoolean("fs.s3a.connection.ssl.enabled", "https".equalsIgnoreCase(endpoint.getScheme()));
    }
}
