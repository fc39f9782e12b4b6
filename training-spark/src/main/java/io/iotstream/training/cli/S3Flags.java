package io.iotstream.training.cli;

import io.iotstream.model.store.StoreOptions;
import java.net.URI;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** S3 flags, for s3a:// data and s3:// model stores alike; they beat the environment. No credential flags. */
final class S3Flags {

    @Option(names = "--s3-endpoint", paramLabel = "<url>", converter = EndpointConverter.class,
            description = "S3-compatible endpoint, e.g. http://127.0.0.1:9000 "
                    + "(env: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL; default: AWS).")
    URI endpoint;

    @Option(names = "--s3-path-style", paramLabel = "<true|false>", arity = "0..1", fallbackValue = "true",
            description = "Path-style S3 requests (env: IOTSTREAM_S3_PATH_STYLE; "
                    + "default: true when an endpoint is set).")
    Boolean pathStyle;

    @Option(names = "--region", paramLabel = "<region>", converter = RegionConverter.class,
            description = "AWS region (env: AWS_REGION).")
    String region;

    StoreOptions applyTo(StoreOptions base) {
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
