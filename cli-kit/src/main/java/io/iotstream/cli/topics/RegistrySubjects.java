package io.iotstream.cli.topics;

import io.iotstream.cli.topics.TopicDifference.Kind;
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
import java.util.OptionalInt;
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

    /** What {@link #ensure} did for one subject (or, from {@link #describe}, what the registry has). */
    public record Outcome(String subject, String role, String done, Optional<TopicDifference> problem) {
    }

    /** The value subject of one Avro topic of a layout, and this release's schema for it. */
    private record AvroSubject(TopicSpec spec, String subject, Schema schema) {
    }

    /** The layout's Avro topics' subjects, in the catalogue's order. */
    private static List<AvroSubject> subjects(TopicLayout layout) {
        List<AvroSubject> subjects = new ArrayList<>();
        layout.names().forEach((spec, topic) -> {
            if (spec.avroValue() != null) {
                subjects.add(new AvroSubject(spec, TopicSpec.valueSubject(topic),
                        SpecificData.get().getSchema(spec.avroValue())));
            }
        });
        return subjects;
    }

    /**
     * Sets each subject's compatibility to the catalogue's (unless it is already at least as strict), then registers
     * this release's schema under it unless it holds it already. A schema the subject's history refuses is a
     * problem, not an exception: the other subjects are still done.
     */
    public List<Outcome> ensure(TopicLayout layout) {
        List<Outcome> outcomes = new ArrayList<>();
        for (AvroSubject s : subjects(layout)) {
            List<String> done = new ArrayList<>();
            Optional<CompatibilityLevel> level = registry.compatibility(s.subject());
            if (level.isPresent() && READS_OLD.contains(level.get())) {
                done.add("compatibility " + level.get());
            } else {
                CompatibilityLevel wanted = CompatibilityLevel.valueOf(TopicCatalogue.COMPATIBILITY);
                registry.setCompatibility(s.subject(), wanted);
                done.add("compatibility set to " + wanted + level.map(l -> " (was " + l + ")").orElse(""));
            }
            Optional<TopicDifference> problem = Optional.empty();
            OptionalInt id = idOf(s);
            if (id.isPresent()) {
                done.add(0, "found (id " + id.getAsInt() + ")");
            } else {
                try {
                    done.add(0, "registered " + s.schema().getFullName() + " (id "
                            + registry.register(s.subject(), s.schema()) + ")");
                } catch (IncompatibleSchemaException e) {
                    problem = Optional.of(new TopicDifference(s.subject(), s.spec().role(), Kind.SUBJECT,
                            Severity.PROBLEM, "refuses this release's " + s.schema().getFullName() + ": "
                                    + e.getMessage()));
                    done.add(0, "NOT registered");
                }
            }
            outcomes.add(new Outcome(s.subject(), s.spec().role(), String.join(", ", done), problem));
        }
        return outcomes;
    }

    /** How each subject differs from the catalogue: its compatibility, and whether it holds this release's schema. */
    public List<TopicDifference> check(TopicLayout layout) {
        List<TopicDifference> differences = new ArrayList<>();
        for (AvroSubject s : subjects(layout)) {
            Optional<CompatibilityLevel> level = registry.compatibility(s.subject());
            if (level.isEmpty()) {
                differences.add(new TopicDifference(s.subject(), s.spec().role(), Kind.SUBJECT, Severity.NOTE,
                        "the registry does not say its compatibility"));
            } else if (!READS_OLD.contains(level.get())) {
                differences.add(new TopicDifference(s.subject(), s.spec().role(), Kind.SUBJECT, Severity.PROBLEM,
                        "compatibility " + level.get() + ", wants " + TopicCatalogue.COMPATIBILITY + " (or stricter): "
                                + "a producer could register a schema the scorer cannot read old records with"));
            }
            if (idOf(s).isEmpty()) {
                differences.add(new TopicDifference(s.subject(), s.spec().role(), Kind.SUBJECT, Severity.NOTE,
                        "does not hold this release's " + s.schema().getFullName() + " yet (topics create, or the "
                                + "first producer, registers it)"));
            }
        }
        return differences;
    }

    /** What the registry has for each subject: its compatibility, and whether it holds this release's schema. */
    public List<Outcome> describe(TopicLayout layout) {
        List<Outcome> described = new ArrayList<>();
        for (AvroSubject s : subjects(layout)) {
            String level = registry.compatibility(s.subject()).map(CompatibilityLevel::name).orElse("unknown");
            OptionalInt id = idOf(s);
            described.add(new Outcome(s.subject(), s.spec().role(), "compatibility " + level + ", "
                    + (id.isPresent() ? "holds this release's schema (id " + id.getAsInt() + ")"
                            : "does not hold this release's schema"), Optional.empty()));
        }
        return described;
    }

    /** The id of this release's schema under its subject, if the subject holds it. */
    private OptionalInt idOf(AvroSubject s) {
        try {
            return OptionalInt.of(registry.lookupId(s.subject(), s.schema()));
        } catch (SchemaNotFoundException notThere) {
            return OptionalInt.empty();
        }
    }
}
