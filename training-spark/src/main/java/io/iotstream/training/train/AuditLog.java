package io.iotstream.training.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.iotstream.model.store.ModelNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The audit trail of promotion decisions, kept in the model store beside the model it is about:
 * {@code <store>/<name>/audit/<yyyyMMdd'T'HHmmss.SSS'Z'>-<version>.json}, one immutable JSON file per decision,
 * never overwritten. The store's own operations ignore the folder (they read {@code versions/} and
 * {@code live.json}), and a file name sorts by time.
 *
 * <p>Written through Hadoop's file systems (the store's {@code s3://bucket/prefix} is read as
 * {@code s3a://bucket/prefix}, with the S3 settings {@code HadoopS3} applied to the configuration), because the
 * model store API has no place for side records.
 */
public final class AuditLog {

    /** The folder under {@code <store>/<name>/}. */
    public static final String FOLDER = "audit";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private AuditLog() {
    }

    /**
     * Writes one record and returns where it went.
     *
     * @throws IOException if the store cannot be written (the message names the file)
     */
    public static String write(Configuration conf, String storeLocation, AuditRecord record) throws IOException {
        Path dir = folder(storeLocation, record.name());
        FileSystem fs = dir.getFileSystem(conf);
        String base = FILE_TIME.format(record.at()) + "-" + record.version();
        for (int attempt = 0; ; attempt++) {
            Path file = new Path(dir, base + (attempt == 0 ? "" : "-" + attempt) + ".json");
            try (OutputStream out = fs.create(file, false)) {
                out.write(toJson(record));
                return fs.makeQualified(file).toString();
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 9) {
                    throw new IOException("cannot write the audit record " + file + ": ten records of " + record.name()
                            + ":" + record.version() + " in the same millisecond", e);
                }
            }
        }
    }

    /** Every record of a model, oldest first; empty if there are none. */
    public static List<AuditRecord> read(Configuration conf, String storeLocation, String name) throws IOException {
        Path dir = folder(storeLocation, name);
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir)) {
            return List.of();
        }
        List<FileStatus> files = new ArrayList<>(List.of(fs.listStatus(dir, p -> p.getName().endsWith(".json"))));
        files.sort(Comparator.comparing(f -> f.getPath().getName()));
        List<AuditRecord> records = new ArrayList<>();
        for (FileStatus f : files) {
            try (InputStream in = fs.open(f.getPath())) {
                records.add(fromJson(in.readAllBytes(), f.getPath().toString()));
            }
        }
        return records;
    }

    /** The Hadoop path of a store location: {@code s3://} as {@code s3a://}, a plain path as a local file. */
    static Path folder(String storeLocation, String name) {
        ModelNames.requireValidName(name);
        String location = storeLocation.endsWith("/") ? storeLocation.substring(0, storeLocation.length() - 1)
                : storeLocation;
        URI uri;
        if (location.startsWith("s3://")) {
            uri = URI.create("s3a://" + location.substring("s3://".length()));
        } else if (location.startsWith("file:")) {
            uri = URI.create(location);
        } else {
            // A plain path is a local folder for the model store; Hadoop would resolve it against fs.defaultFS
            // (HDFS on a cluster).
            uri = Paths.get(location).toAbsolutePath().toUri();
        }
        return new Path(new Path(uri), name + "/" + FOLDER);
    }

    static byte[] toJson(AuditRecord r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("auditFormat", AuditRecord.FORMAT);
        m.put("name", r.name());
        m.put("version", r.version());
        m.put("checksum", r.checksum());
        m.put("decision", r.decision().name());
        m.put("by", r.by());
        m.put("at", r.at().toString());
        m.put("gate", r.gate());
        m.put("maxRegression", r.maxRegression());
        m.put("metrics", r.metrics());
        m.put("liveBefore", r.liveBefore());
        m.put("liveMetrics", r.liveMetrics());
        m.put("liveAfter", r.liveAfter());
        m.put("reasons", r.reasons());
        m.put("signedBy", r.signedBy());
        m.put("dataUri", r.dataUri());
        return JSON.writeValueAsBytes(m);
    }

    static AuditRecord fromJson(byte[] bytes, String source) throws IOException {
        JsonNode n = JSON.readTree(bytes);
        if (n == null || n.path("auditFormat").asInt(-1) != AuditRecord.FORMAT) {
            throw new IOException(source + ": not an audit record of format " + AuditRecord.FORMAT);
        }
        List<String> reasons = new ArrayList<>();
        n.path("reasons").forEach(x -> reasons.add(x.asText()));
        return new AuditRecord(n.path("name").asText(), n.path("version").asText(), text(n, "checksum"),
                AuditRecord.Decision.valueOf(n.path("decision").asText()), n.path("by").asText(),
                Instant.parse(n.path("at").asText()), text(n, "gate"), n.path("maxRegression").asDouble(),
                doubles(n.path("metrics")), text(n, "liveBefore"), doubles(n.path("liveMetrics")),
                text(n, "liveAfter"), reasons, text(n, "signedBy"), text(n, "dataUri"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Map<String, Double> doubles(JsonNode n) {
        Map<String, Double> m = new LinkedHashMap<>();
        n.properties().forEach(e -> m.put(e.getKey(), e.getValue().asDouble()));
        return m;
    }
}
