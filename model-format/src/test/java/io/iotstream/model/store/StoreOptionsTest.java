package io.iotstream.model.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class StoreOptionsTest {

    @Test
    void shouldSetNothingByDefault() {
        StoreOptions options = StoreOptions.fromEnvironment(Map.of(), Map.of());

        assertThat(options.s3Endpoint()).isEmpty();
        assertThat(options.s3PathStyle()).isEmpty();
        assertThat(options.effectiveS3PathStyle()).isFalse();
        assertThat(options.region()).isEmpty();
        assertThat(options.credentials()).isEmpty();
    }

    @Test
    void shouldRefuseAnEndpointHoldingCredentialsWithoutRepeatingThem() {
        assertThatThrownBy(() -> StoreOptions.fromEnvironment(
                Map.of("AWS_ENDPOINT_URL", "http://AKIAX:s3cr3t-value@minio:9000"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credentials")
                .hasMessageNotContaining("s3cr3t-value");
    }

    @Test
    void shouldReadTheUsualAwsVariablesAndTheProjectPathStyleSetting() {
        StoreOptions options = StoreOptions.fromEnvironment(Map.of(
                "AWS_ENDPOINT_URL", "http://generic:9000",
                "AWS_ENDPOINT_URL_S3", "http://s3-only:9000",
                "AWS_REGION", "eu-west-1",
                "IOTSTREAM_S3_PATH_STYLE", "false"), Map.of());

        assertThat(options.s3Endpoint()).hasValue(URI.create("http://s3-only:9000"));
        assertThat(options.region()).hasValue("eu-west-1");
        assertThat(options.effectiveS3PathStyle()).isFalse();
    }

    @Test
    void shouldPreferSystemPropertiesToEnvironmentAndFlagsToBoth() {
        StoreOptions options = StoreOptions.fromEnvironment(
                Map.of("AWS_ENDPOINT_URL", "http://env:9000", "AWS_REGION", "eu-west-1"),
                Map.of("aws.endpointUrl", "http://property:9000", "aws.region", "us-west-2"));
        assertThat(options.s3Endpoint()).hasValue(URI.create("http://property:9000"));
        assertThat(options.region()).hasValue("us-west-2");

        StoreOptions flagged = options.withS3Endpoint(URI.create("http://flag:9000")).withRegion("ap-south-1");
        assertThat(flagged.s3Endpoint()).hasValue(URI.create("http://flag:9000"));
        assertThat(flagged.region()).hasValue("ap-south-1");
    }

    @Test
    void shouldDefaultToPathStyleExactlyWhenAnEndpointIsSet() {
        StoreOptions withEndpoint = StoreOptions.defaults().withS3Endpoint(URI.create("http://127.0.0.1:9000"));

        assertThat(withEndpoint.effectiveS3PathStyle()).isTrue();
        assertThat(withEndpoint.withS3PathStyle(false).effectiveS3PathStyle()).isFalse();
        assertThat(StoreOptions.defaults().withS3PathStyle(true).effectiveS3PathStyle()).isTrue();
    }

    @Test
    void shouldNameTheSettingAndItsSourceForInvalidValues() {
        assertThatThrownBy(() -> StoreOptions.fromEnvironment(Map.of("IOTSTREAM_S3_PATH_STYLE", "maybe"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid s3.path.style 'maybe' (from IOTSTREAM_S3_PATH_STYLE): use true or false");
        assertThatThrownBy(() -> StoreOptions.fromEnvironment(Map.of("AWS_ENDPOINT_URL_S3", "localhost:9000"),
                Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid s3.endpoint 'localhost:9000' (from AWS_ENDPOINT_URL_S3)")
                .hasMessageContaining("http://127.0.0.1:9000");
        assertThatThrownBy(() -> StoreOptions.fromEnvironment(Map.of("AWS_REGION", "EU West"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid s3.region");
    }

    @Test
    void shouldTakeCredentialsFromTheGivenEnvironmentWithoutEverPrintingThem() {
        StoreOptions options = StoreOptions.fromEnvironment(Map.of(
                "AWS_ACCESS_KEY_ID", "AKIASECRETID",
                "AWS_SECRET_ACCESS_KEY", "very-secret",
                "AWS_SESSION_TOKEN", "token-secret"), Map.of());

        assertThat(options.credentials()).hasValueSatisfying(p -> assertThat(p.resolveCredentials())
                .isInstanceOfSatisfying(AwsSessionCredentials.class, c -> {
                    assertThat(c.accessKeyId()).isEqualTo("AKIASECRETID");
                    assertThat(c.secretAccessKey()).isEqualTo("very-secret");
                    assertThat(c.sessionToken()).isEqualTo("token-secret");
                }));
        assertThat(options.toString()).doesNotContain("AKIASECRETID", "very-secret", "token-secret")
                .contains("credentials=(given)");
    }

    @Test
    void shouldRefuseHalfASetOfKeysWithoutShowingTheOneGiven() {
        assertThatThrownBy(() -> StoreOptions.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIAONLY"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY is not")
                .message().doesNotContain("AKIAONLY");
        assertThatThrownBy(() -> StoreOptions.fromEnvironment(Map.of(), Map.of("aws.secretAccessKey", "hidden")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_ACCESS_KEY_ID is not")
                .message().doesNotContain("hidden");
    }
}
