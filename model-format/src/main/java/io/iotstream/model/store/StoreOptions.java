package io.iotstream.model.store;

import io.iotstream.model.sign.SignatureException;
import io.iotstream.model.sign.TrustedKeys;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * How to open a store: the S3 endpoint, path-style access, region and credentials (ignored by file stores), and
 * the clock that stamps promotions. Immutable; {@code withX} returns a copy.
 *
 * <p>{@link #defaults()} sets nothing: the S3 client then uses the AWS endpoint of the region and the default
 * credential chain. {@link #fromEnvironment} fills the settings from system properties and environment
 * variables as {@link StoreSetting} lists them; flags are applied on top with {@code withX}.
 *
 * <p>{@link #toString()} never shows credentials.
 */
public final class StoreOptions {

    private static final StoreOptions DEFAULTS = new StoreOptions(null, null, null, null, Clock.systemUTC(), null);

    private final URI s3Endpoint;
    private final Boolean s3PathStyle;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private final TrustedKeys trustedKeys;

    private StoreOptions(URI s3Endpoint, Boolean s3PathStyle, String region, AwsCredentialsProvider credentials,
            Clock clock, TrustedKeys trustedKeys) {
        this.s3Endpoint = s3Endpoint;
        this.s3PathStyle = s3PathStyle;
        this.region = region;
        this.credentials = credentials;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.trustedKeys = trustedKeys;
    }

    /** No settings: AWS defaults for everything, the system UTC clock. */
    public static StoreOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Reads the settings from system properties and environment variables (see {@link StoreSetting}).
     *
     * @param env the environment, e.g. {@code System.getenv()}
     * @param properties the system properties, e.g. {@code System.getProperties()}
     * @throws IllegalArgumentException naming the setting and the variable, if a value is invalid
     */
    public static StoreOptions fromEnvironment(Map<String, String> env, Map<?, ?> properties) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(properties, "properties");
        StoreOptions options = defaults();
        Optional<Found> endpoint = lookup(StoreSetting.S3_ENDPOINT, env, properties);
        if (endpoint.isPresent()) {
            options = options.withS3Endpoint(parseEndpoint(endpoint.get().value, endpoint.get().source));
        }
        Optional<Found> pathStyle = lookup(StoreSetting.S3_PATH_STYLE, env, properties);
        if (pathStyle.isPresent()) {
            options = options.withS3PathStyle(parseBoolean(StoreSetting.S3_PATH_STYLE, pathStyle.get()));
        }
        Optional<Found> region = lookup(StoreSetting.S3_REGION, env, properties);
        if (region.isPresent()) {
            options = options.withRegion(region.get().value);
        }
        Optional<Found> keyId = lookup(StoreSetting.S3_ACCESS_KEY_ID, env, properties);
        Optional<Found> secret = lookup(StoreSetting.S3_SECRET_ACCESS_KEY, env, properties);
        if (keyId.isPresent() != secret.isPresent()) {
            Found one = keyId.orElseGet(secret::get);
            throw new IllegalArgumentException(one.source + " is set but "
                    + (keyId.isPresent() ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID")
                    + " is not: set both, or neither to use the default credential chain");
        }
        if (keyId.isPresent()) {
            Optional<Found> token = lookup(StoreSetting.S3_SESSION_TOKEN, env, properties);
            options = options.withCredentials(StaticCredentialsProvider.create(token.isPresent()
                    ? AwsSessionCredentials.create(keyId.get().value, secret.get().value, token.get().value)
                    : AwsBasicCredentials.create(keyId.get().value, secret.get().value)));
        }
        Optional<Found> trusted = lookup(StoreSetting.TRUSTED_KEYS, env, properties);
        if (trusted.isPresent()) {
            options = options.withTrustedKeys(trusted.get().value, trusted.get().source);
        }
        return options;
    }

    /**
     * Parses an endpoint given on the command line or in a setting.
     *
     * @param value e.g. {@code http://127.0.0.1:9000}
     * @param source where it came from, for the error message (e.g. {@code --s3-endpoint})
     * @throws IllegalArgumentException if it is not an absolute http(s) URL with a host
     */
    public static URI parseEndpoint(String value, String source) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri != null && uri.getRawUserInfo() != null) {
            // the value is not echoed: user info in an endpoint is a credential
            throw new IllegalArgumentException("invalid " + StoreSetting.S3_ENDPOINT.key() + " (from " + source
                    + "): it holds credentials (user:secret@); give the endpoint without them and the credentials "
                    + "through the AWS default chain or a credentials file");
        }
        if (uri == null || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException("invalid " + StoreSetting.S3_ENDPOINT.key() + " '" + value + "' (from "
                    + source + "): use an absolute http(s) URL such as http://127.0.0.1:9000");
        }
        return uri;
    }

    /** The S3 endpoint override, if set. */
    public Optional<URI> s3Endpoint() {
        return Optional.ofNullable(s3Endpoint);
    }

    /** Path-style access as set, if set. */
    public Optional<Boolean> s3PathStyle() {
        return Optional.ofNullable(s3PathStyle);
    }

    /** Path-style access to use: as set, else true exactly when an endpoint override is set. */
    public boolean effectiveS3PathStyle() {
        return s3PathStyle != null ? s3PathStyle : s3Endpoint != null;
    }

    /** The region, if set. */
    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    /** The credentials provider, if set; otherwise the AWS default credential chain is used. */
    public Optional<AwsCredentialsProvider> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** The clock that stamps {@code promotedAt}. */
    public Clock clock() {
        return clock;
    }

    public StoreOptions withS3Endpoint(URI endpoint) {
        return new StoreOptions(endpoint, s3PathStyle, region, credentials, clock, trustedKeys);
    }

    public StoreOptions withS3PathStyle(boolean pathStyle) {
        return new StoreOptions(s3Endpoint, pathStyle, region, credentials, clock, trustedKeys);
    }

    /**
     * Sets the region.
     *
     * @throws IllegalArgumentException if it is blank or has characters a region name never has
     */
    public StoreOptions withRegion(String region) {
        Objects.requireNonNull(region, "region");
        if (!region.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("invalid " + StoreSetting.S3_REGION.key() + " '" + region
                    + "': use a region name such as us-east-1");
        }
        return new StoreOptions(s3Endpoint, s3PathStyle, region, credentials, clock, trustedKeys);
    }

    public StoreOptions withCredentials(AwsCredentialsProvider credentials) {
        return new StoreOptions(s3Endpoint, s3PathStyle, region, Objects.requireNonNull(credentials, "credentials"),
                clock, trustedKeys);
    }

    /**
     * Requires every model the store returns to be signed by one of {@code keys} (see
     * {@link io.iotstream.model.sign.TrustedKeys}).
     */
    public StoreOptions withTrustedKeys(TrustedKeys keys) {
        return new StoreOptions(s3Endpoint, s3PathStyle, region, credentials, clock,
                Objects.requireNonNull(keys, "keys"));
    }

    /**
     * Loads the trusted keys from comma-separated PEM files or folders, as {@link StoreSetting#TRUSTED_KEYS} takes
     * them.
     *
     * @param source where the value came from, for the error message
     * @throws IllegalArgumentException naming the setting, if a key cannot be loaded
     */
    public StoreOptions withTrustedKeys(String paths, String source) {
        List<Path> files = new ArrayList<>();
        for (String part : paths.split(",")) {
            if (!part.isBlank()) {
                files.add(Path.of(part.trim()));
            }
        }
        try {
            return withTrustedKeys(TrustedKeys.load(files));
        } catch (IOException | SignatureException e) {
            throw new IllegalArgumentException("invalid " + StoreSetting.TRUSTED_KEYS.key() + " (from " + source
                    + "): " + e.getMessage(), e);
        }
    }

    /** The keys models must be signed by, if signatures are required. */
    public Optional<TrustedKeys> trustedKeys() {
        return Optional.ofNullable(trustedKeys);
    }

    public StoreOptions withClock(Clock clock) {
        return new StoreOptions(s3Endpoint, s3PathStyle, region, credentials, clock, trustedKeys);
    }

    @Override
    public String toString() {
        return "StoreOptions{s3.endpoint=" + (s3Endpoint == null ? "(aws)" : s3Endpoint)
                + ", s3.path.style=" + effectiveS3PathStyle()
                + ", s3.region=" + (region == null ? "(default)" : region)
                + ", credentials=" + (credentials == null ? "(default chain)" : "(given)")
                + ", trusted.keys=" + (trustedKeys == null ? "(signatures not required)" : trustedKeys.keyIds()) + "}";
    }

    private record Found(String value, String source) {
    }

    private static Optional<Found> lookup(StoreSetting setting, Map<String, String> env, Map<?, ?> properties) {
        for (String property : setting.properties()) {
            Object value = properties.get(property);
            if (value instanceof String s && !s.isBlank()) {
                return Optional.of(new Found(s.trim(), "system property " + property));
            }
        }
        for (String variable : setting.environment()) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(new Found(value.trim(), variable));
            }
        }
        return Optional.empty();
    }

    private static boolean parseBoolean(StoreSetting setting, Found found) {
        String v = found.value.toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("1") || v.equals("yes")) {
            return true;
        }
        if (v.equals("false") || v.equals("0") || v.equals("no")) {
            return false;
        }
        throw new IllegalArgumentException("invalid " + setting.key() + " '" + found.value + "' (from " + found.source
                + "): use true or false");
    }
}
