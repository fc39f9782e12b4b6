package io.iotstream.cli.flags;

import io.iotstream.model.store.StoreOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags of every command that opens a model store: the S3 flags and the trusted keys. */
public final class StoreFlags {

    @Mixin
    S3Flags s3;

    @Option(names = "--trusted-keys", paramLabel = "<keys>",
            description = "Only accept models signed by these Ed25519 public keys (PEM files or folders, "
                    + "comma-separated; env: IOTSTREAM_TRUSTED_KEYS; default: signatures not required).")
    String trustedKeys;

    /** {@code base} with the flags that were given applied on top. */
    public StoreOptions applyTo(StoreOptions base) {
        StoreOptions options = s3.applyTo(base);
        if (trustedKeys != null) {
            options = options.withTrustedKeys(trustedKeys, "--trusted-keys");
        }
        return options;
    }
}
