package io.iotstream.model.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoresTest {

    private static final StoreOptions LOCAL_S3 = StoreOptions.defaults()
            .withS3Endpoint(URI.create("http://127.0.0.1:9")).withRegion("us-east-1");

    @TempDir
    Path dir;

    @Test
    void shouldOpenAFolderFromAFileUriOrAPlainPath() {
        String expected = dir.toUri().toString().replaceAll("/$", "");
        try (ModelStore fromUri = ModelStores.open(dir.toUri(), StoreOptions.defaults());
                ModelStore fromUriString = ModelStores.open(dir.toUri().toString(), StoreOptions.defaults());
                ModelStore fromPath = ModelStores.open(dir.toString(), StoreOptions.defaults())) {
            assertThat(fromUri.location()).isEqualTo(expected);
            assertThat(fromUriString.location()).isEqualTo(expected);
            assertThat(fromPath.location()).isEqualTo(expected);
        }
    }

    @Test
    void shouldOpenAnS3BucketWithOrWithoutPrefix() {
        try (ModelStore prefixed = ModelStores.open("s3://bucket/models/prod/", LOCAL_S3);
                ModelStore root = ModelStores.open("s3://bucket", LOCAL_S3);
                ModelStore rootSlash = ModelStores.open(URI.create("s3://bucket/"), LOCAL_S3)) {
            assertThat(prefixed.location()).isEqualTo("s3://bucket/models/prod");
            assertThat(root.location()).isEqualTo("s3://bucket");
            assertThat(rootSlash.location()).isEqualTo("s3://bucket");
        }
    }

    @Test
    void shouldRefuseLocationsItCannotOpenNamingTheFormsItCan() {
        assertThatThrownBy(() -> ModelStores.open("gs://bucket/models", StoreOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported scheme 'gs'")
                .hasMessageContaining("s3://bucket/prefix, file:///dir or a plain path");
        assertThatThrownBy(() -> ModelStores.open("s3:///models", StoreOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no bucket");
        assertThatThrownBy(() -> ModelStores.open("s3://bucket/a/../b", LOCAL_S3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'..'");
        assertThatThrownBy(() -> ModelStores.open("s3://bucket/models?region=x", LOCAL_S3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query");
        assertThatThrownBy(() -> ModelStores.open("  ", StoreOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }
}
