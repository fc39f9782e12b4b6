package io.iotstream.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * An in-process schema registry for embedded use and tests, addressed as {@code mock://<scope>} like
 * Confluent's mock registry: every client for the same scope in one JVM sees the same registry.
 *
 * <p>It behaves like a real one where the serdes can tell: ids start at 1 and are shared by identical
 * schemas across subjects, registering an already registered schema returns its id, and new versions
 * of a subject are checked with Avro's {@link SchemaCompatibility} at the subject's
 * {@link CompatibilityLevel} (BACKWARD unless changed), failing with {@link IncompatibleSchemaException}.
 *
 * <p>A scope lives until {@link #dropScope(String)}; {@link #close()} does not clear it, so producers and
 * consumers created one after the other share their schemas. Thread-safe.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

    /** The URL scheme that selects this registry: {@code mock://<scope>}. */
    public static final String SCHEME = "mock";

    private static final ConcurrentHashMap<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Schema>> versionsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> levelBySubject = new HashMap<>();
    private CompatibilityLevel defaultLevel = CompatibilityLevel.BACKWARD;
    private int nextId = 1;

    private MockSchemaRegistry(String scope) {
        this.scope = scope;
    }

    /** The registry for {@code scope}, created empty on first use. */
    public static MockSchemaRegistry forScope(String scope) {
        Objects.requireNonNull(scope, "scope");
        return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
    }

    /** Forgets the registry for {@code scope}; the next {@link #forScope} starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    static String scopeOf(String url) {
        String trimmed = url.trim();
        String prefix = SCHEME + "://";
        if (!trimmed.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            throw new IllegalArgumentException("Not a mock:// URL: " + url);
        }
        String scope = trimmed.substring(prefix.length());
        while (scope.endsWith("/")) {
            scope = scope.substring(0, scope.length() - 1);
        }
        if (scope.isEmpty()) {
            throw new IllegalArgumentException("A mock:// schema registry URL needs a scope, e.g. mock://my-test");
        }
        return scope;
    }

    /** Sets the compatibility level new schemas are checked with when their subject has none of its own. */
    public synchronized void setDefaultCompatibility(CompatibilityLevel level) {
        defaultLevel = Objects.requireNonNull(level, "level");
    }

    /** Sets the compatibility level of one subject. */
    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        levelBySubject.put(subject, Objects.requireNonNull(level, "level"));
    }

    @Override
    public synchronized Optional<CompatibilityLevel> compatibility(String subject) {
        return Optional.of(levelBySubject.getOrDefault(subject, defaultLevel));
    }

    /** The schemas registered under {@code subject}, oldest first; empty if there are none. */
    public synchronized List<Schema> versions(String subject) {
        return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Schema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer existing = idsBySchema.get(schema);
        if (existing != null && versions.contains(schema)) {
            return existing;
        }
        checkCompatible(subject, schema, versions);
        int id = existing != null ? existing : nextId++;
        idsBySchema.put(schema, id);
        schemasById.put(id, schema);
        versions.add(schema);
        return id;
    }

    @Override
    public synchronized int lookupId(String subject, Schema schema) {
        List<Schema> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw new SchemaNotFoundException("Subject '" + subject + "' not found in " + location(), -1, 40401);
        }
        if (!versions.contains(schema)) {
            throw new SchemaNotFoundException(
                    "Schema " + schema.getFullName() + " is not registered under subject '" + subject + "' in "
                            + location(), -1, 40403);
        }
        return idsBySchema.get(schema);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("Schema id " + id + " not found in " + location(), -1, 40403);
        }
        return schema;
    }

    @Override
    public String location() {
        return SCHEME + "://" + scope;
    }

    @Override
    public void close() {
        // The scope outlives its clients, like a real registry outlives producers and consumers.
    }

    private void checkCompatible(String subject, Schema schema, List<Schema> versions) {
        if (versions.isEmpty()) {
            return;
        }
        CompatibilityLevel level = levelBySubject.getOrDefault(subject, defaultLevel);
        List<Schema> against = level.transitive ? versions : List.of(versions.get(versions.size() - 1));
        List<String> problems = new ArrayList<>();
        for (Schema old : against) {
            if (level.newReadsOld) {
                problems.addAll(problems(SchemaCompatibility.checkReaderWriterCompatibility(schema, old),
                        "new schema cannot read data written with the old one"));
            }
            if (level.oldReadsNew) {
                problems.addAll(problems(SchemaCompatibility.checkReaderWriterCompatibility(old, schema),
                        "old schema cannot read data written with the new one"));
            }
        }
        if (!problems.isEmpty()) {
            throw new IncompatibleSchemaException("Schema " + schema.getFullName()
                    + " is incompatible with the schemas already under subject '" + subject
                    + "' at the subject's compatibility level " + level + " (" + location() + "): "
                    + String.join("; ", problems), -1, 409);
        }
    }

    private static List<String> problems(SchemaPairCompatibility result, String direction) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<Incompatibility> incompatibilities = result.getResult().getIncompatibilities();
        return List.of(direction + ": " + incompatibilities.stream()
                .map(i -> i.getType() + " (" + i.getMessage() + ") at " + i.getLocation())
                .collect(Collectors.joining(", ")));
    }
}
