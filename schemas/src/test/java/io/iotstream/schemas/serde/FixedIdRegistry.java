package io.iotstream.schemas.serde;

import io.iotstream.schemas.registry.SchemaNotFoundException;
import io.iotstream.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;

/** A registry that knows one schema, under a fixed id: for golden bytes. */
final class FixedIdRegistry implements SchemaRegistryClient {
    private final int id;
    private final Schema schema;

    FixedIdRegistry(int id, Schema schema) {
        this.id = id;
        this.schema = schema;
    }

    @Override
    public int register(String subject, Schema schema) {
        return lookupId(subject, schema);
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        if (!this.schema.equals(schema)) {
            throw new SchemaNotFoundException("only " + this.schema.getFullName() + " is known", 404, 40403);
        }
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        if (id != this.id) {
            throw new SchemaNotFoundException("Schema id " + id + " not found", 404, 40403);
        }
        return schema;
    }

    @Override
    public void setCompatibility(String subject, io.iotstream.schemas.registry.CompatibilityLevel level) {
        throw new UnsupportedOperationException("a fixed-id registry has no compatibility");
    }

    @Override
    public java.util.Optional<io.iotstream.schemas.registry.CompatibilityLevel> compatibility(String subject) {
        return java.util.Optional.empty();
    }

    @Override
    public String location() {
        return "fixed://" + id;
    }

    @Override
    public void close() {
    }
}
