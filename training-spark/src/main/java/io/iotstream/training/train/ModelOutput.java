package io.iotstream.training.train;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.pmml.ModelPmml;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes an artifact as {@code model.json} and {@code model.pmml} into a directory on any Hadoop file system (a
 * local path, {@code hdfs://}, {@code s3a://}), replacing files of the same names. {@code model.pmml} goes first and
 * {@code model.json} last, as in a model store, so a complete {@code model.json} means both are there.
 */
public final class ModelOutput {

    public static final String JSON = "model.json";
    public static final String PMML = "model.pmml";

    private ModelOutput() {
    }

    /** Writes both files and returns the qualified path of {@code model.json}. */
    public static String write(Configuration conf, String directory, ModelArtifact artifact) throws IOException {
        Path dir = new Path(directory);
        FileSystem fs = dir.getFileSystem(conf);
        fs.mkdirs(dir);
        write(fs, new Path(dir, PMML), ModelPmml.write(artifact));
        Path json = new Path(dir, JSON);
        write(fs, json, ModelJson.write(artifact));
        return fs.makeQualified(json).toString();
    }

    private static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(file, true)) {
            out.write(bytes);
        }
    }
}
