package io.iotstream.training.cli;

import io.iotstream.testkit.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.json.ModelJson;
import io.iotstream.training.SharedSpark;
import io.iotstream.training.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} on Spark with the original's sample file and with bad input. */
class TrainCommandIT {

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();

    private CommandRun train(String... args) {
        return CliRun.run(CliRun.sharing(spark), args);
    }

    @Test
    void shouldTrainOnTheOriginalSampleFileAsItIs() throws Exception {
        Path csv = TestData.sensorData(dir);
        CommandRun run = train("train", csv.toString(), "--output", dir.resolve("m").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Read 20 rows of 10 sensors");
        ModelArtifact artifact = ModelJson.read(dir.resolve("m/model.json"));
        assertThat(artifact.features().count()).isEqualTo(10);
        assertThat(artifact.provenance().rows() + Long.parseLong(artifact.provenance().parameters().get("holdoutRows")))
                .isEqualTo(20);
    }

    @Test
    void shouldReportBadRowsWithFileAndLine() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        TestData.csv(data.resolve("part-0.csv"), 50, 4, 1);
        Path bad = data.resolve("part-1.csv");
        TestData.csv(bad, 50, 4, 2);
        String lines = Files.readString(bad);
        // Line 37 loses a field.
        String[] all = lines.split("\n");
        all[36] = all[36].substring(0, all[36].lastIndexOf(','));
        Files.writeString(bad, String.join("\n", all) + "\n");

        CommandRun run = train("train", data.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains(bad.toString(), "line 37", "has 4 fields but 5 are expected");
        assertThat(run.err().lines()).hasSize(1);

        all[36] = "1,0.1,0.2,zero,0.4";
        Files.writeString(bad, String.join("\n", all) + "\n");
        run = train("train", data.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 37", "field 4 is 'zero', not a number");
    }

    @Test
    void shouldRefuseUnusableInput() throws Exception {
        CommandRun missing = train("train", dir.resolve("nothing-here").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");

        Path empty = Files.createDirectory(dir.resolve("empty"));
        CommandRun noFiles = train("train", empty.toString());
        assertThat(noFiles.exitCode()).isEqualTo(2);
        assertThat(noFiles.err()).contains("holds no data files");

        Path oneClass = dir.resolve("ones.csv");
        Files.writeString(oneClass, "1,0.5,0.5\n1,0.7,0.1\n1,0.2,0.9\n");
        CommandRun single = train("train", oneClass.toString());
        assertThat(single.exitCode()).isEqualTo(2);
        assertThat(single.err()).contains("all 3 rows are labelled 1");

        Path wrongParquet = dir.resolve("wrong.parquet");
        spark.range(10).toDF("label").write().parquet(wrongParquet.toString());
        CommandRun noFeatures = train("train", wrongParquet.toString());
        assertThat(noFeatures.exitCode()).isEqualTo(2);
        assertThat(noFeatures.err()).contains("has no column 'features'");
    }
}
