package io.iotstream.schemas.serde;

import io.iotstream.schemas.registry.SchemaRegistryClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Counts the calls that reach a registry, to show that the serdes call it once and then use their caches. */
final class CountingRegistry implements SchemaRegistryClient {
    final AtomicInteger registers = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger fetches = new AtomicInteger();
    private final SchemaRegistryClient delegate;

    CountingRegistry(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
        registers.incrementAndGet();
        return delegate.register(subject, schema);
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        lookups.incrementAndGet();
        return delegate.lookupId(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
        fetches.incrementAndGet();
        return delegate.schemaById(id);
    }

    @Override
    public void setCompatibility(String subject, io.iotstream.schemas.registry.CompatibilityLevel level) {
        delegate.setCompatibility(subject, level);
    }

    @Override
    public java.util.Optional<io.iotstream.schemas.registry.CompatibilityLevel> compatibility(String subject) {
        return delegate.compatibility(subject);
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
