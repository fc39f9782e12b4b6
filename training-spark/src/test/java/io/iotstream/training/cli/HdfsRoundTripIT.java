package io.iotstream.training.cli;

import io.iotstream.testkit.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.Metrics;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.json.ModelJson;
import io.iotstream.training.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gen} to and {@code train} from {@code hdfs://}: a real HDFS (Hadoop's MiniDFSCluster, one NameNode and one
 * DataNode, in-process on 127.0.0.1) addressed by URI only, as on a cluster. The shaded
 * {@code hadoop-client-minicluster} matches the shaded Hadoop client Spark 4.2 runs on (test scope only).
 */
class HdfsRoundTripIT {

    @TempDir
    static Path base;

    private static MiniDFSCluster hdfs;
    private static String root;

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path dir;

    @BeforeAll
    static void startHdfs() throws IOException {
        Configuration conf = new Configuration();
        conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        hdfs = new MiniDFSCluster.Builder(conf, base.resolve("dfs").toFile())
                .numDataNodes(1)
                .build();
        hdfs.waitActive();
        root = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    private CommandRun run(String... args) {
        return CliRun.run(CliRun.sharing(spark), args);
    }

    @Test
    void shouldGenerateToAndTrainFromHdfs() throws Exception {
        String data = root + "/iot/csv";
        CommandRun gen = run("gen", "6000", "10", "3", data, "--format", "csv", "--seed", "5");
        assertThat(gen.exitCode()).as(gen.toString()).isZero();
        assertThat(gen.out()).contains("Created " + data);
        assertThat(hdfs.getFileSystem().exists(new org.apache.hadoop.fs.Path("/iot/csv/_SUCCESS"))).isTrue();

        Path model = dir.resolve("model");
        CommandRun train = run("train", data, "--output", model.toString());
        assertThat(train.exitCode()).as(train.toString()).isZero();
        assertThat(train.out()).contains("Read 6000 rows of 10 sensors");
        ModelArtifact artifact = ModelJson.read(model.resolve("model.json"));
        assertThat(artifact.provenance().dataUri()).isEqualTo(data);
        assertThat(artifact.provenance().dataFingerprint()).startsWith("sha256:");
        assertThat(artifact.metrics().get(Metrics.AUC)).isGreaterThanOrEqualTo(0.97);
        assertThat(Files.exists(model.resolve("model.pmml"))).isTrue();
    }

    @Test
    void shouldReadParquetFromHdfsWithBothEngines() {
        StorageRoundTrips.assertParquetReadByBothEngines(this::run, root + "/iot/parquet", 6);
    }
}
