package io.iotstream.model.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Opens a {@link ModelStore} from its location:
 * <ul>
 *   <li>{@code s3://bucket} or {@code s3://bucket/prefix}: S3 or an S3-compatible server, configured by
 *       {@link StoreOptions} (endpoint, path-style, region, credentials);</li>
 *   <li>{@code file:///dir}, or a plain path such as {@code /srv/models} or {@code models}: a folder.</li>
 * </ul>
 */
public final class ModelStores {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration API_CALL_TIMEOUT = Duration.ofMinutes(2);

    private ModelStores() {
    }

    /**
     * Opens the store at {@code location}: a URI ({@code s3://...}, {@code file:...}) or a plain path.
     *
     * @throws IllegalArgumentException if the location is not one of those, naming the forms that are
     */
    public static ModelStore open(String location, StoreOptions options) {
        Objects.requireNonNull(location, "location");
        String trimmed = location.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("store location is empty: " + FORMS);
        }
        if (hasScheme(trimmed)) {
            URI uri;
            try {
                uri = new URI(trimmed);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("store location '" + trimmed + "' is not a valid URI ("
                        + e.getReason() + "): " + FORMS, e);
            }
            return open(uri, options);
        }
        try {
            return new FileModelStore(Path.of(trimmed), options.clock(), options.trustedKeys().orElse(null));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("store location '" + trimmed + "' is not a valid path: " + FORMS, e);
        }
    }

    /**
     * Opens the store at {@code uri}.
     *
     * @throws IllegalArgumentException if the scheme is not {@code s3} or {@code file}, or the URI is incomplete
     */
    public static ModelStore open(URI uri, StoreOptions options) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(options, "options");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "s3":
                return openS3(uri, options);
            case "file":
                try {
                    return new FileModelStore(Path.of(uri), options.clock(), options.trustedKeys().orElse(null));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("store location '" + uri + "' is not a usable file URI ("
                            + e.getMessage() + "): use file:///absolute/dir or a plain path", e);
                }
            default:
                throw new IllegalArgumentException("store location '" + uri + "' has an unsupported scheme '"
                        + uri.getScheme() + "': " + FORMS);
        }
    }

    private static final String FORMS = "use s3://bucket/prefix, file:///dir or a plain path";

    private static ModelStore openS3(URI uri, StoreOptions options) {
        String bucket = uri.getAuthority();
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("store location '" + uri + "' names no bucket: use s3://bucket/prefix");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("store location '" + uri + "' has a query or fragment: "
                    + "use s3://bucket/prefix and give options as flags or environment variables");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String prefix = path.replaceAll("^/+", "").replaceAll("/+$", "");
        if (prefix.contains("//") || prefix.contains("..")) {
            throw new IllegalArgumentException("store location '" + uri + "' has an empty or '..' path segment");
        }
        return new S3ModelStore(s3Client(options), bucket, prefix.isEmpty() ? "" : prefix + "/", options.clock(),
                options.trustedKeys().orElse(null));
    }

    /** The S3 client a store uses: Apache HTTP client, timeouts, and {@code options} applied. */
    static S3Client s3Client(StoreOptions options) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .overrideConfiguration(o -> o.apiCallTimeout(API_CALL_TIMEOUT))
                .credentialsProvider(options.credentials()
                        .orElseGet(() -> DefaultCredentialsProvider.builder().build()))
                .forcePathStyle(options.effectiveS3PathStyle());
        options.s3Endpoint().ifPresent(builder::endpointOverride);
        Region region = options.region().map(Region::of).orElseGet(ModelStores::profileRegion);
        if (region != null) {
            builder.region(region);
        } else {
            // No region configured anywhere: start in us-east-1 and let the SDK follow the bucket's region.
            builder.region(Region.US_EAST_1).crossRegionAccessEnabled(true);
        }
        return builder.build();
    }

    /**
     * The AWS profile's region, or null. Deliberately not the full default region chain: that ends with the EC2
     * instance metadata service, which is slow (or worse) to ask off EC2.
     */
    private static Region profileRegion() {
        try {
            return new AwsProfileRegionProvider().getRegion();
        } catch (SdkClientException | IllegalStateException e) {
            return null;
        }
    }

    private static boolean hasScheme(String location) {
        int colon = location.indexOf(':');
        // "C:\models" is a path; a scheme has at least two characters before the colon.
        return colon > 1 && location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
    }
}
