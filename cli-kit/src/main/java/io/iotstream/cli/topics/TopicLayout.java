package io.iotstream.cli.topics;

import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.schemas.kafka.TopicSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which of the catalogue's topics one deployment has, under which names: the scorer's five settings ({@code
 * input.topic}, {@code alerts.topic}...) resolved, in the catalogue's order.
 *
 * @param names catalogue topic → its name in this deployment; a topic the deployment does not use is absent
 */
public record TopicLayout(Map<TopicSpec, String> names) {

    public TopicLayout {
        Map<TopicSpec, String> ordered = new LinkedHashMap<>();
        for (TopicSpec spec : TopicCatalogue.all()) {
            String name = names.get(spec);
            if (name != null) {
                if (name.isBlank()) {
                    throw new IllegalArgumentException(spec.setting() + " must not be blank");
                }
                ordered.put(spec, name.strip());
            }
        }
        if (ordered.size() != names.size()) {
            throw new IllegalArgumentException("not catalogue topics: " + names.keySet());
        }
        names = Collections.unmodifiableMap(ordered);
    }

    /**
     * The layout from each topic's setting, as {@code setting} gives it (null: not set): a required topic not set
     * has its default name, an optional one (frames) is left out; a blank value leaves the topic out (the scorer's
     * {@code model.events.topic=} turns announcements off).
     */
    public static TopicLayout fromSettings(Function<String, String> setting) {
        Map<TopicSpec, String> names = new LinkedHashMap<>();
        for (TopicSpec spec : TopicCatalogue.all()) {
            String value = setting.apply(spec.setting());
            if (value == null) {
                if (spec.required()) {
                    names.put(spec, spec.defaultName());
                }
            } else if (!value.isBlank()) {
                names.put(spec, value);
            }
        }
        return new TopicLayout(names);
    }

    /** The name of a topic of the layout, if the deployment has it. */
    public Optional<String> name(TopicSpec spec) {
        return Optional.ofNullable(names.get(Objects.requireNonNull(spec, "spec")));
    }

    /** The readings topic's name: every deployment has one. */
    public String readings() {
        return name(TopicCatalogue.READINGS)
                .orElseThrow(() -> new IllegalStateException("a layout without a readings topic"));
    }

    /** Only the topics {@code keep} says yes to, e.g. those one command writes. */
    public TopicLayout only(Function<TopicSpec, Boolean> keep) {
        Map<TopicSpec, String> kept = new LinkedHashMap<>();
        names.forEach((spec, name) -> {
            if (keep.apply(spec)) {
                kept.put(spec, name);
            }
        });
        return new TopicLayout(kept);
    }
}
