package io.iotstream.model.store;

/**
 * A version that {@link ModelStore#publish} wrote.
 *
 * @param name the model name
 * @param version the version
 * @param checksum the artifact's checksum
 * @param location where the version lives, e.g. {@code s3://bucket/prefix/name/versions/3/}
 */
public record PublishedVersion(String name, String version, String checksum, String location) {
}
