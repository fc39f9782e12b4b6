package io.iotstream.cli.topics;

import io.iotstream.cli.topics.TopicDifference.Severity;
import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.schemas.kafka.TopicSpec;
import io.iotstream.schemas.registry.CompatibilityLevel;
import io.iotstream.schemas.registry.IncompatibleSchemaException;
import io.iotstream.schemas.registry.SchemaNotFoundException;
import io.iotstream.schemas.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The registry subjects of a layout's Avro topics ({@code <topic>-value}): registered with this release's schema and
 * the catalogue's compatibility, or checked for it.
 */
public final class RegistrySubjects {

    /** Levels at least as strict as the catalogue's BACKWARD: new readers still read what old writers wrote. */
    private static final Set<CompatibilityLevel> READS_OLD = Set.of(CompatibilityLevel.BACKWARD,
            CompatibilityLevel.BACKWARD_TRANSITIVE, CompatibilityLevel.FULL, CompatibilityLevel.FULL_TRANSITIVE);

    private final SchemaRegistryClient registry;

    public RegistrySubjects(SchemaRegistryClient registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** What {@link #ensure} did for one subject. */
    public record Outcome(String subject, String role, String done, Optional<TopicDifference> problem) {
    }

    /**
     * Sets each subject's compatibility to the catalogue's (unless it is already at least as strict), then registers
     * this release's schema under it unless it holds it already. A schema the subject's history refuses is a
     * problem, not an exception: the other subjects are still done.
     */
    public List<Outcome> ensure(TopicLayout layout) {
        List<Outcome> outcomes = new ArrayList<>();
        layout.names().forEach((spec, topic) -> {
            if (spec.avroValue() == null) {
                return;
            }
            String subject = TopicSpec.valueSubject(topic);
            Schema schema = SpecificData.get().getSchema(spec.avroValue());
            List<String> done = new ArrayList<>();
            Optional<CompatibilityLevel> level = registry.compatibility(subject);
            if (level.isPresent() && READS_OLD.contains(level.get())) {
                done.add("compatibility " + level.get());
            } else {
                CompatibilityLevel wanted = CompatibilityLevel.valueOf(TopicCatalogue.COMPATIBILITY);
                registry.setCompatibility(subject, wanted);
                done.add("compatibility set to " + wanted + level.map(l -> " (was " + l + ")").orElse(""));
            }
            Optional<TopicDifference> problem = Optional.empty();
            try {
                done.add(0, "found (id " + registry.lookupId(subject, schema) + ")");
            } catch (SchemaNotFoundException notThere) {
                try {
                    done.add(0, "registered " + schema.getFullName() + " (id " + registry.register(subject, schema)
                            + ")");
                } catch (IncompatibleSchemaException e) {
                    problem = Optional.of(new TopicDifference(subject, spec.role(), Severity.PROBLEM,
                            "refuses this release's " + schema.getFullName() + ": " + e.getMessage()));
                    done.add(0, "NOT registered");
                }
            }
            outcomes.add(new Outcome(subject, spec.role(), String.join(", ", done), problem));
        });
        return outcomes;
    }

    /** How each subject differs from the catalogue: its compatibility, and whether it holds this release's schema. */
    public List<TopicDifference> check(TopicLayout layout) {
        List<TopicDifference> differences = new ArrayList<>();
        layout.names().forEach((spec, topic) -> {
            if (spec.avroValue() == null) {
                return;
            }
            String subject = TopicSpec.valueSubject(topic);
            Optional<CompatibilityLevel> level = registry.compatibility(subject);
            if (level.isEmpty()) {
                differences.add(new TopicDifference(subject, spec.role(), Severity.NOTE,
                        "the registry does not say its compatibility"));
            } else if (!READS_OLD.contains(level.get())) {
                differences.add(new TopicDifference(subject, spec.role(), Severity.PROBLEM, "compatibility "
                        + level.get() + ", wants " + TopicCatalogue.COMPATIBILITY
                        + " (or stricter): a producer could register a schema the scorer cannot read old records with"));
            }
            Schema schema = SpecificData.get().getSchema(spec.avroValue());
            try {
                registry.lookupId(subject, schema);
            } catch (SchemaNotFoundException e) {
                differences.add(new TopicDifference(subject, spec.role(), Severity.NOTE, "does not hold this "
                        + "release's " + schema.getFullName() + " yet (topics create, or the first producer, "
                        + "registers it)"));
            }
        });
        return differences;
    }
}
