package io.iotstream.training.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.store.StoreOptions;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class HadoopS3Test {

    @Test
    void shouldGiveS3aTheStoreSettingsAndCredentialsFromTheEnvironment() {
        StoreOptions options = StoreOptions.fromEnvironment(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000",
                "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret"), Map.of());
        Configuration conf = new Configuration(false);
        HadoopS3.apply(options, conf);
        assertThat(conf.get("fs.s3a.endpoint")).isEqualTo("http://127.0.0.1:9000");
        assertThat(conf.getBoolean("fs.s3a.connection.ssl.enabled", true)).isFalse();
        assertThat(conf.getBoolean("fs.s3a.path.style.access", false)).isTrue();
        assertThat(conf.get("fs.s3a.endpoint.region")).isEqualTo("us-east-1");
        assertThat(conf.get("fs.s3a.access.key")).isEqualTo("AKIAEXAMPLE");
        assertThat(conf.get("fs.s3a.secret.key")).isEqualTo("secret");
        assertThat(conf.get("fs.s3a.aws.credentials.provider"))
                .isEqualTo("org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    }

    @Test
    void shouldLeaveS3aDefaultsAloneWhenNothingIsSet() {
        Configuration conf = new Configuration(false);
        HadoopS3.apply(StoreOptions.defaults(), conf);
        assertThat(conf.size()).isZero();

        HadoopS3.apply(StoreOptions.fromEnvironment(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "a",
                "AWS_SECRET_ACCESS_KEY", "b", "AWS_SESSION_TOKEN", "t"), Map.of()), conf);
        assertThat(conf.get("fs.s3a.endpoint")).isNull();
        assertThat(conf.get("fs.s3a.path.style.access")).isNull();
        assertThat(conf.get("fs.s3a.endpoint.region")).isEqualTo("eu-west-1");
        assertThat(conf.get("fs.s3a.session.token")).isEqualTo("t");
        assertThat(conf.get("fs.s3a.aws.credentials.provider"))
                .isEqualTo("org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider");
    }
}
