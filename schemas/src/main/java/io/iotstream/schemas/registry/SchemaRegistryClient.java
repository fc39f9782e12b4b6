package io.iotstream.schemas.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A client for a Confluent-compatible Schema Registry: registers Avro schemas under subjects and finds
 * schemas by id. Ids are the 4-byte schema ids of the Confluent wire format.
 *
 * <p>Implementations are thread-safe and cache what the registry answered, so that after the first call
 * for a (subject, schema) pair or an id no further registry round trip happens.
 *
 * <p>Failures are {@link SchemaRegistryException}s: {@link IncompatibleSchemaException} when the
 * subject's compatibility level rejects a schema, {@link SchemaNotFoundException} for an unknown id or
 * an unregistered schema, {@link SchemaRegistryUnavailableException} when the registry cannot be
 * reached.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject} (a no-op on the registry if it is already
     * registered there) and returns its id.
     *
     * @throws IncompatibleSchemaException if the subject's compatibility level rejects the schema
     */
    int register(String subject, Schema schema);

    /**
     * Returns the id of {@code schema} if it is registered under {@code subject}, without registering
     * it.
     *
     * @throws SchemaNotFoundException if the subject does not exist or does not hold the schema
     */
    int lookupId(String subject, Schema schema);

    /**
     * Returns the schema with the given id.
     *
     * @throws SchemaNotFoundException if the registry has no schema with that id
     */
    Schema schemaById(int id);

    /**
     * Sets the compatibility level of {@code subject} (which need not hold a schema yet), so that every later
     * schema under it is checked at that level, whatever the registry's global default.
     */
    void setCompatibility(String subject, CompatibilityLevel level);

    /**
     * The compatibility level that applies to {@code subject}: its own, else the registry's global one; empty if
     * the registry does not say.
     */
    Optional<CompatibilityLevel> compatibility(String subject);

    /** Where this client talks to, for messages: the registry URL(s) or {@code mock://<scope>}. */
    String location();

    /** Releases resources. A {@code mock://} registry keeps its content; see {@link MockSchemaRegistry}. */
    @Override
    void close();

    /**
     * The client for the given registry URLs: an in-process {@link MockSchemaRegistry} for
     * {@code mock://<scope>}, otherwise a {@link RestSchemaRegistryClient} that tries the URLs in order.
     *
     * @param urls base URLs, e.g. {@code http://registry:8080/apis/ccompat/v7}, or one {@code mock://<scope>}
     * @param userInfo {@code user:password} for HTTP basic auth, or null for none (or the URLs' own user info)
     */
    static SchemaRegistryClient forUrls(List<String> urls, String userInfo, Duration connectTimeout,
            Duration readTimeout) {
        Objects.requireNonNull(urls, "urls");
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("No schema registry URL given");
        }
        long mocks = urls.stream().filter(SchemaRegistryClient::isMockUrl).count();
        if (mocks > 0) {
            if (urls.size() != 1) {
                throw new IllegalArgumentException("A mock:// schema registry URL must be the only URL, got " + urls);
            }
            return MockSchemaRegistry.forScope(MockSchemaRegistry.scopeOf(urls.get(0)));
        }
        List<URI> uris = urls.stream().map(String::trim).map(URI::create).toList();
        return new RestSchemaRegistryClient(uris, userInfo, connectTimeout, readTimeout);
    }

    /** The Confluent convention for a topic's subject: {@code <topic>-key} or {@code <topic>-value}. */
    static String subjectFor(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    private static boolean isMockUrl(String url) {
        return url.trim().toLowerCase(Locale.ROOT).startsWith(MockSchemaRegistry.SCHEME + "://");
    }
}
