package io.iotstream.tools.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.iotstream.cli.CliFailure;
import io.iotstream.cli.Subcommand;
import io.iotstream.cli.flags.AnnounceFlags;
import io.iotstream.cli.flags.StoreFlags;
import io.iotstream.model.InvalidModelException;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.sign.ModelSignature;
import io.iotstream.model.sign.ModelSigner;
import io.iotstream.model.sign.SignatureException;
import io.iotstream.model.store.LivePointer;
import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.schemas.model.ModelEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ParentCommand;

/**
 * What every subcommand shares: the spec (for out/err), the parent (for settings), and the failure handling, so
 * that {@code ModelCommand.newCommandLine(new ModelCommand()).execute(args)} behaves exactly like {@code main}.
 */
abstract class ModelSubcommand extends Subcommand {

    /** For {@code --json}: indented, as the stored JSON files are. */
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    ModelCommand parent;

    ModelSubcommand() {
        super(ModelCommand.ERRORS);
    }

    /**
     * Prints rows as columns two spaces apart; the last column is not padded (it is the free text: metrics,
     * details), so a long value there does not widen the others.
     */
    static void printColumns(PrintWriter out, List<String[]> rows) {
        int aligned = rows.get(0).length - 1;
        int[] widths = new int[aligned];
        for (String[] row : rows) {
            for (int i = 0; i < aligned; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < aligned; i++) {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            out.println(line.append(row[aligned]).toString().stripTrailing());
        }
    }

    /**
     * With {@code --announce} ({@code kafka} not null): tells running scorers that {@code pointer}'s version is
     * live in the store at {@code storeLocation}, so they swap now instead of at their next poll.
     */
    void announceLive(AnnounceFlags flags, Map<String, Object> kafka, LivePointer pointer, String storeLocation) {
        if (kafka != null) {
            flags.announce(kafka, new ModelEvent(pointer.name(), pointer.version(), storeLocation,
                    pointer.checksum()), "model " + spec.name(), out(), spec.commandLine().getErr());
        }
    }

    ModelStore openStore(String location, StoreFlags flags) {
        return ModelStores.open(location, parent.storeOptions(flags));
    }

    /** A local file given as a path or {@code file:} URI, or null if {@code source} is neither. */
    static Path localFile(String source) {
        try {
            if (source.regionMatches(true, 0, "file:", 0, 5)) {
                return Path.of(URI.create(source));
            }
            if (source.toLowerCase(Locale.ROOT).startsWith("s3:")) {
                return null;
            }
            return Path.of(source);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Reads a model file: the bytes (to report on) or a failure naming the file. */
    static byte[] readFile(String source) throws CliFailure {
        Path file = localFile(source);
        if (file == null) {
            throw new CliFailure("'" + source + "' is not a local file: give the path of a model.json");
        }
        if (!Files.isRegularFile(file)) {
            throw new CliFailure("no such file: " + file + ": check the path");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + e + ": check the path and permissions", e);
        }
    }

    /** The signature file that belongs to a model file: {@code model.sig} in the same folder. */
    static Path defaultSignatureFile(String modelSource) {
        Path model = localFile(modelSource);
        Path dir = model == null ? null : model.toAbsolutePath().getParent();
        return dir == null ? Path.of(ModelSignature.FILE_NAME) : dir.resolve(ModelSignature.FILE_NAME);
    }

    /** A signer for a private key file; failures name the file and the fix. */
    static ModelSigner signer(Path privateKey) throws CliFailure {
        try {
            return ModelSigner.fromPemFile(privateKey);
        } catch (NoSuchFileException e) {
            throw new CliFailure("no such key file: " + privateKey + ": check the path (make a key with `model keygen`)");
        } catch (IOException e) {
            throw new CliFailure("cannot read " + privateKey + ": " + e + ": check the path and permissions", e);
        } catch (SignatureException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }

    /** Reads a signature file; failures name the file. */
    static ModelSignature readSignature(Path file) throws CliFailure {
        try {
            return ModelSignature.fromJson(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new CliFailure("no signature file " + file + ": sign the model with `model sign`, or give --signature");
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + e + ": check the path and permissions", e);
        } catch (SignatureException e) {
            throw new CliFailure(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and verifies a model file; failures name the file and the reason. */
    static ModelArtifact readModel(String source) throws CliFailure {
        byte[] bytes = readFile(source);
        try {
            return ModelJson.read(bytes);
        } catch (InvalidModelException e) {
            throw new CliFailure(source + " is not a valid model: " + e.getMessage(), e);
        }
    }
}
