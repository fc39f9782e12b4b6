package io.iotstream.schemas;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.AvroGenerated;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Tells Avro which generated classes it may load by name.
 *
 * <p>Since 1.12.2, Avro loads a class named by a schema (to read a record, or to deep-copy one in a
 * generated builder) only if {@link ClassSecurityValidator} trusts it; by default it trusts none of an
 * application's generated classes unless the JVM was started with {@code org.apache.avro.SERIALIZABLE_PACKAGES}.
 * IoTStream's generated records call {@link #install()} when they are initialized, so the classes of
 * this package work without any JVM flag. The serdes call {@link #trust(Class)} for every generated
 * class they are handed, so other modules' generated classes work with them too.
 *
 * <p>The trust is added to the global validator (whatever was trusted before stays trusted) and never
 * covers classes named only by data from outside, e.g. a writer schema from the registry.
 */
public final class AvroClassTrust {

    private static final String PACKAGE = AvroClassTrust.class.getPackageName();
    private static final Set<String> TRUSTED = ConcurrentHashMap.newKeySet();
    private static volatile boolean installed;

    private AvroClassTrust() {
    }

    /** Trusts the generated classes of {@code io.iotstream.schemas}. Idempotent and cheap after the first call. */
    public static void install() {
        if (installed) {
            return;
        }
        synchronized (AvroClassTrust.class) {
            if (!installed) {
                ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
                ClassSecurityValidator.setGlobal(
                        ClassSecurityValidator.composite(previous, AvroClassTrust::isTrusted));
                installed = true;
            }
        }
    }

    /** Trusts the generated class {@code type} and the generated classes of every named type its schema uses. */
    public static void trust(Class<? extends SpecificRecord> type) {
        install();
        if (TRUSTED.contains(type.getName())) {
            return;
        }
        Schema schema = SpecificData.getForClass(type).getSchema(type);
        Map<Schema, Boolean> seen = new IdentityHashMap<>();
        Deque<Schema> pending = new ArrayDeque<>();
        pending.push(schema);
        while (!pending.isEmpty()) {
            Schema s = pending.pop();
            if (seen.put(s, Boolean.TRUE) != null) {
                continue;
            }
            switch (s.getType()) {
                case RECORD:
                    TRUSTED.add(SpecificData.getClassName(s));
                    s.getFields().forEach(f -> pending.push(f.schema()));
                    break;
                case ENUM:
                case FIXED:
                    TRUSTED.add(SpecificData.getClassName(s));
                    break;
                case ARRAY:
                    pending.push(s.getElementType());
                    break;
                case MAP:
                    pending.push(s.getValueType());
                    break;
                case UNION:
                    s.getTypes().forEach(pending::push);
                    break;
                default:
                    break;
            }
        }
        TRUSTED.add(type.getName());
    }

    private static boolean isTrusted(Class<?> type) {
        // Neither check initializes the class, as the validator requires.
        return TRUSTED.contains(type.getName())
                || (PACKAGE.equals(type.getPackageName()) && type.isAnnotationPresent(AvroGenerated.class));
    }
}
