package io.iotstream.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The ordered feature layout a model was trained on: feature {@code i} of every scoring vector is the value of
 * {@code names().get(i)}, and {@code weights()[i]} of the artifact belongs to it.
 *
 * <p>{@code neutralValue} is what a scorer assumes for a feature it has not seen yet (a device whose first readings
 * are still on their way). The original benchmark draws every sensor value uniformly from [0,1), so its mean, 0.5,
 * is the default ({@link #DEFAULT_NEUTRAL_VALUE}).
 *
 * <p>Names are non-blank and unique; the list is immutable.
 *
 * @param names        feature names in vector order, at least one
 * @param neutralValue finite value assumed for a feature that has no reading yet
 */
public record FeatureSpec(List<String> names, double neutralValue) {

    /** The mean of a sensor value drawn uniformly from [0,1), as the original benchmark generator does. */
    public static final double DEFAULT_NEUTRAL_VALUE = 0.5;

    /** Validates and copies; throws {@link IllegalArgumentException} naming the field and the fix. */
    public FeatureSpec {
        if (names == null) {
            throw new IllegalArgumentException("features.names is missing: give the feature names in vector order");
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("features.names is empty: a model needs at least one feature");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("features.names[" + i + "] is blank: every feature needs a name");
            }
            if (!seen.add(n)) {
                throw new IllegalArgumentException("features.names[" + i + "] '" + n
                        + "' is a duplicate: feature names must be unique, or a value could land on the wrong weight");
            }
        }
        names = List.copyOf(names);
        if (!Double.isFinite(neutralValue)) {
            throw new IllegalArgumentException("features.neutralValue is " + neutralValue
                    + ": use a finite value (" + DEFAULT_NEUTRAL_VALUE + " for sensors uniform in [0,1))");
        }
    }

    /**
     * The layout of the original benchmark: sensors {@code s1..sn} (sensor number {@code k} is vector index
     * {@code k-1}), neutral value {@value #DEFAULT_NEUTRAL_VALUE}. Short names keep a 10,000-feature artifact small.
     *
     * @param n number of sensors, at least 1
     */
    public static FeatureSpec sensors(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("sensor count is " + n + ": use at least 1");
        }
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = sensorName(i + 1);
        }
        return new FeatureSpec(List.of(names), DEFAULT_NEUTRAL_VALUE);
    }

    /** The name {@link #sensors(int)} gives sensor number {@code sensorNumber} (1-based): {@code "s" + number}. */
    public static String sensorName(int sensorNumber) {
        return "s" + sensorNumber;
    }

    /** Number of features, which is also the required weight count and scoring vector length. */
    public int count() {
        return names.size();
    }

    /** Vector index of {@code name}, or -1. Linear: look names up once, not per event. */
    public int indexOf(String name) {
        return names.indexOf(Objects.requireNonNull(name, "name"));
    }
}
