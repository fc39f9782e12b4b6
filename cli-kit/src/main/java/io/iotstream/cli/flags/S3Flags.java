package io.iotstream.cli.flags;

import io.iotstream.model.store.StoreOptions;
import java.net.URI;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The S3 flags every command that reaches S3 takes (s3:// model stores, s3a:// data), as a picocli mixin; they
 * beat the environment ({@link io.iotstream.model.store.StoreSetting}). There are no credential flags on purpose:
 * credentials come from the AWS default chain, never from a command line that ends up in logs.
 */
public final class S3Flags {

    @Option(names = "--s3-endpoint", paramLabel = "<url>", converter = EndpointConverter.class,
            description = "S3-compatible endpoint, e.g. http://127.0.0.1:9000 "
                    + "(env: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL; default: AWS).")
    URI endpoint;

    @Option(names = "--s3-path-style", paramLabel = "<true|false>", arity = "0..1", fallbackValue = "true",
            description = "Path-style S3 requests (env: IOTSTREAM_S3_PATH_STYLE; "
                    + "default: true when an endpoint is set).")
    Boolean pathStyle;

    @Option(names = {"--s3-region", "--region"}, paramLabel = "<region>", converter = RegionConverter.class,
            description = "AWS region of the S3 store (env: AWS_REGION; default: profile, else us-east-1). "
                    + "--region is its deprecated old name.")
    String region;

    /** {@code base} with the flags that were given applied on top. */
    public StoreOptions applyTo(StoreOptions base) {
        StoreOptions options = base;
        if (endpoint != null) {
            options = options.withS3Endpoint(endpoint);
        }
        if (pathStyle != null) {
            options = options.withS3PathStyle(pathStyle);
        }
        if (region != null) {
            options = options.withRegion(region);
        }
        return options;
    }

    /** Parses --s3-endpoint with the store's own rules; refuses credentials in it without repeating them. */
    static final class EndpointConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            if (value.contains("@")) {
                throw new TypeConversionException("--s3-endpoint must not hold credentials (user info before '@'): "
                        + "give the endpoint alone, e.g. http://127.0.0.1:9000, and the credentials through the AWS "
                        + "default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_SHARED_CREDENTIALS_FILE)");
            }
            try {
                return StoreOptions.parseEndpoint(value, "--s3-endpoint");
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Validates --s3-region with the store's own rules. */
    static final class RegionConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                StoreOptions.defaults().withRegion(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
