package io.iotstream.model.store;

import io.iotstream.model.sign.TrustedKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A store in a local (or mounted) folder.
 *
 * <ul>
 *   <li>Publish writes the version into {@code <name>/.staging/<random>/} ({@code model.pmml}, then
 *       {@code model.json}, each fsynced) and renames that folder to {@code <name>/versions/<version>} with
 *       {@code ATOMIC_MOVE}. rename(2) refuses to replace a non-empty folder, so of racing publishers exactly one
 *       rename succeeds, and a version is visible only when complete.</li>
 *   <li>The pointer is written to a temporary file, fsynced and renamed over {@code live.json} with
 *       {@code ATOMIC_MOVE}; the read-compare-replace runs under a lock ({@code <name>/.lock}, a {@code FileLock}
 *       across processes plus a lock within this JVM), so concurrent promotes do not lose updates.</li>
 *   <li>Audit records are written to a temporary file, fsynced and hard-linked to their name: link(2) refuses
 *       an existing name, so a record is never replaced and appears whole.</li>
 *   <li>Tags are SHA-256 hashes of {@code live.json}: checking for a change reads that small file only.</li>
 * </ul>
 *
 * <p>The atomicity relies on POSIX rename semantics of a local file system; on network file systems it is as good
 * as their rename.
 */
final class FileModelStore extends AbstractModelStore {

    private static final String STAGING = ".staging";
    private static final String LOCK = ".lock";
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path root;

    FileModelStore(Path root, Clock clock, TrustedKeys trustedKeys) {
        super(clock, trustedKeys);
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String location() {
        return root.toUri().toString().replaceAll("/$", "");
    }

    @Override
    public void close() {
        // nothing held between calls
    }

    @Override
    Optional<StoredObject> read(String key) {
        Path file = resolve(key);
        try {
            byte[] bytes = Files.readAllBytes(file);
            return Optional.of(new StoredObject(bytes, sha256(bytes)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ModelStoreException("cannot read " + file + ": " + e + ": check the path and permissions", e);
        }
    }

    @Override
    StoredObject readIfChanged(String key, String knownTag) {
        Optional<StoredObject> object = read(key);
        if (object.isEmpty()) {
            return null;
        }
        return object.get().tag().equals(knownTag) ? NOT_MODIFIED : object.get();
    }

    @Override
    void writeVersion(String name, String version, byte[] pmml, byte[] signature, byte[] json) {
        Path target = resolve(StoreLayout.versionDir(name, version));
        if (Files.exists(target.resolve(StoreLayout.MODEL_JSON))) {
            throw versionExists(name, version, target);
        }
        Path staging = null;
        try {
            Path stagingRoot = Files.createDirectories(resolve(name).resolve(STAGING));
            staging = stagingRoot.resolve(version + "-" + UUID.randomUUID());
            Files.createDirectory(staging);
            writeDurably(staging.resolve(StoreLayout.MODEL_PMML), pmml);
            if (signature != null) {
                writeDurably(staging.resolve(StoreLayout.MODEL_SIG), signature);
            }
            writeDurably(staging.resolve(StoreLayout.MODEL_JSON), json); // last: marks the version complete
            Path versions = Files.createDirectories(target.getParent());
            try {
                // rename(2): fails on a non-empty target, so the first complete version to land stays.
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                staging = null;
            } catch (IOException e) {
                if (Files.exists(target.resolve(StoreLayout.MODEL_JSON))) {
                    throw versionExists(name, version, target);
                }
                if (Files.exists(target)) {
                    throw new VersionExistsException("version " + name + ":" + version + " exists at " + target
                            + " but is incomplete (no model.json): remove that folder, then publish again");
                }
                throw e;
            }
            syncDirectory(versions);
        } catch (IOException e) {
            throw new ModelStoreException("cannot publish " + name + ":" + version + " to " + location() + ": " + e
                    + ": check that the folder is writable", e);
        } finally {
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
    }

    @Override
    void replacePointer(String name, byte[] pointer, String expectedTag) {
        Path dir = resolve(name);
        Path target = resolve(StoreLayout.pointer(name));
        try {
            Files.createDirectories(dir);
            Path lockFile = dir.resolve(LOCK);
            ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, p -> new ReentrantLock());
            jvmLock.lock();
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                channel.lock(); // released when the channel closes
                String currentTag = read(StoreLayout.pointer(name)).map(StoredObject::tag).orElse(null);
                if (expectedTag == null ? currentTag != null : !expectedTag.equals(currentTag)) {
                    throw new ConcurrentUpdateException("live pointer " + target + " changed while updating it: "
                            + "another promote or rollback ran; check `model list` and run the command again");
                }
                Path temp = dir.resolve("." + StoreLayout.POINTER + "." + UUID.randomUUID() + ".tmp");
                try {
                    writeDurably(temp, pointer);
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(temp);
                }
                syncDirectory(dir);
            } finally {
                jvmLock.unlock();
            }
        } catch (IOException e) {
            throw new ModelStoreException("cannot write live pointer " + target + ": " + e
                    + ": check that the folder is writable", e);
        }
    }

    @Override
    boolean createIfAbsent(String key, byte[] bytes) {
        Path target = resolve(key);
        Path temp = null;
        try {
            Path dir = Files.createDirectories(target.getParent());
            temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            writeDurably(temp, bytes);
            try {
                createNew(target, temp);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            syncDirectory(dir);
            return true;
        } catch (IOException e) {
            throw new ModelStoreException("cannot write " + target + ": " + e + ": check that the folder is writable",
                    e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    @Override
    List<String> listFiles(String folder) {
        Path dir = resolve(folder);
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isRegularFile)) {
            children.forEach(child -> out.add(child.getFileName().toString()));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ModelStoreException("cannot list " + dir + ": " + e + ": check the path and permissions", e);
        }
        return out;
    }

    @Override
    List<String> listNames() {
        return childDirectories(root);
    }

    @Override
    List<String> listCompleteVersions(String name) {
        List<String> out = new ArrayList<>();
        for (String version : childDirectories(resolve(StoreLayout.versionsPrefix(name)))) {
            if (Files.isRegularFile(resolve(StoreLayout.modelJson(name, version)))) {
                out.add(version);
            }
        }
        return out;
    }

    @Override
    String locationOf(String key) {
        return location() + "/" + key;
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("key escapes the store: " + key);
        }
        return path;
    }

    private List<String> childDirectories(Path dir) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (!name.startsWith(".")) {
                    out.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ModelStoreException("cannot list " + dir + ": " + e + ": check the path and permissions", e);
        }
        return out;
    }

    private VersionExistsException versionExists(String name, String version, Path target) {
        return new VersionExistsException("version " + name + ":" + version + " already exists at " + target
                + ": versions are immutable, publish under a new version");
    }

    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("temporary file exists: " + file, e);
        }
    }

    /** Gives {@code file} the name {@code target}, unless it exists (then {@link FileAlreadyExistsException}). */
    private static void createNew(Path target, Path file) throws IOException {
        try {
            Files.createLink(target, file); // link(2) refuses an existing name, atomically
        } catch (UnsupportedOperationException e) {
            // No hard links on this file system: a move that refuses an existing target, checked just before.
            Files.move(file, target);
        }
    }

    /** Makes a rename durable; best effort, as not every file system lets a directory be opened. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the rename happened; only its durability across a power cut is not guaranteed here
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover staging folder is harmless: it is never listed
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
