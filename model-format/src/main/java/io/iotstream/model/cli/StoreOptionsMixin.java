package io.iotstream.model.cli;

import io.iotstream.model.store.StoreOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The store flags of every {@code model} subcommand that opens a store: S3 flags and trusted keys. */
final class StoreOptionsMixin {

    @Mixin
    S3Flags s3;

    @Option(names = "--trusted-keys", paramLabel = "<keys>",
            description = "Only accept models signed by these Ed25519 public keys (PEM files or folders, "
                    + "comma-separated; env: IOTSTREAM_TRUSTED_KEYS; default: signatures not required).")
    String trustedKeys;

    StoreOptions applyTo(StoreOptions base) {
        StoreOptions options = s3.applyTo(base);
        if (trustedKeys != null) {
            options = options.withTrustedKeys(trustedKeys, "--trusted-keys");
        }
        return options;
    }
}
