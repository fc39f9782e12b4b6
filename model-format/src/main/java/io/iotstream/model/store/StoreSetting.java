package io.iotstream.model.store;

import java.util.List;

/**
 * The settings of {@link StoreOptions}, each declared once: its name, the command-line flag, and the system
 * properties and environment variables it is read from by {@link StoreOptions#fromEnvironment}, first match
 * wins, system properties before environment variables. A flag (or a {@code withX} call) beats both.
 */
public enum StoreSetting {

    S3_ENDPOINT("s3.endpoint", "--s3-endpoint",
            List.of("iotstream.s3.endpoint", "aws.endpointUrlS3", "aws.endpointUrl"),
            List.of("IOTSTREAM_S3_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"),
            "Endpoint of an S3-compatible store (MinIO, Ceph, S3Proxy...), e.g. http://127.0.0.1:9000. "
                    + "Default: the AWS endpoint of the region."),

    S3_PATH_STYLE("s3.path.style", "--s3-path-style",
            List.of("iotstream.s3.path.style"),
            List.of("IOTSTREAM_S3_PATH_STYLE"),
            "Path-style requests (http://host/bucket/key) instead of virtual-hosted ones (http://bucket.host/key); "
                    + "true or false. Default: true when an endpoint is set, else false."),

    S3_REGION("s3.region", "--s3-region",
            List.of("aws.region"),
            List.of("AWS_REGION"),
            "AWS region to sign requests for. Default: the AWS profile's region, else us-east-1 with "
                    + "cross-region access."),

    S3_ACCESS_KEY_ID("s3.access.key.id", null,
            List.of("aws.accessKeyId"),
            List.of("AWS_ACCESS_KEY_ID"),
            "Access key id; with the secret key, static credentials. Default: the AWS default credential chain "
                    + "(profile, web identity, container or instance role). Never printed."),

    S3_SECRET_ACCESS_KEY("s3.secret.access.key", null,
            List.of("aws.secretAccessKey"),
            List.of("AWS_SECRET_ACCESS_KEY"),
            "Secret access key for the access key id. Never printed."),

    S3_SESSION_TOKEN("s3.session.token", null,
            List.of("aws.sessionToken"),
            List.of("AWS_SESSION_TOKEN"),
            "Session token for temporary credentials. Never printed."),

    TRUSTED_KEYS("trusted.keys", "--trusted-keys",
            List.of("iotstream.model.trusted.keys"),
            List.of("IOTSTREAM_TRUSTED_KEYS"),
            "Ed25519 public keys (PEM files, or folders of *.pub/*.pem files), comma-separated. When set, only "
                    + "models signed by one of them are returned: unsigned or foreign-signed ones are refused. "
                    + "Default: signatures are not required.");

    private final String key;
    private final String flag;
    private final List<String> properties;
    private final List<String> environment;
    private final String doc;

    StoreSetting(String key, String flag, List<String> properties, List<String> environment, String doc) {
        this.key = key;
        this.flag = flag;
        this.properties = properties;
        this.environment = environment;
        this.doc = doc;
    }

    /** The setting's name, used in error messages, e.g. {@code s3.endpoint}. */
    public String key() {
        return key;
    }

    /** The command-line flag, or null if the setting has none (credentials come from the environment only). */
    public String flag() {
        return flag;
    }

    /** System properties read, in order. */
    public List<String> properties() {
        return properties;
    }

    /** Environment variables read, in order (after the system properties). */
    public List<String> environment() {
        return environment;
    }

    /** What the setting does. */
    public String doc() {
        return doc;
    }
}
