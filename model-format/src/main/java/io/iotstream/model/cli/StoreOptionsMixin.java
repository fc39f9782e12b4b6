package io.iotstream.model.cli;

import io.iotstream.model.store.StoreOptions;
import java.net.URI;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The store flags shared by every subcommand that opens a store; they beat the environment. */
final class StoreOptionsMixin {

    @Option(names = "--s3-endpoint", paramLabel = "<url>", converter = EndpointConverter.class,
            description = "S3-compatible endpoint, e.g. http://127.0.0.1:9000 "
                    + "(env: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL; default: AWS).")
    URI endpoint;

    @Option(names = "--s3-path-style", paramLabel = "<true|false>", arity = "0..1", fallbackValue = "true",
            description = "Path-style S3 requests (env: IOTSTREAM_S3_PATH_STYLE; "
                    + "default: true when an endpoint is set).")
    Boolean pathStyle;

    @Option(names = "--region", paramLabel = "<region>", converter = RegionConverter.class,
            description = "AWS region (env: AWS_REGION; default: profile, else us-east-1).")
    String region;

    @Option(names = "--trusted-keys", paramLabel = "<keys>",
            description = "Only accept models signed by these Ed25519 public keys (PEM files or folders, "
                    + "comma-separated; env: IOTSTREAM_TRUSTED_KEYS; default: signatures not required).")
    String trustedKeys;

    StoreOptions applyTo(StoreOptions base) {
        StoreOptions options = base;
        if (trustedKeys != null) {
            options = options.withTrustedKeys(trustedKeys, "--trusted-keys");
        }
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

    static final class EndpointConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                return StoreOptions.parseEndpoint(value, "--s3-endpoint");
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

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
