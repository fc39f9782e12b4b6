package io.iotstream.reliability;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.score.LogisticScorer;
import io.iotstream.schemas.Alert;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.SensorReading;
import io.iotstream.schemas.serde.AvroDeserializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The alerts an interval-mode scorer must send, computed offline from the input: the oracle of
 * {@link IntervalFaultsIT}, as {@link Reconciliation} is the oracle of event mode.
 *
 * <p>The rules are those of the scorer's {@code DeviceScoringProcessor} ({@code scoring.mode=interval}), written
 * again here from its specification, one task per input partition, its records in offset order. Intervals are the
 * multiples of {@code interval} in event time; the end of the interval of {@code t} is
 * {@code (floorDiv(t, interval) + 1) * interval}, exclusive. A task keeps its stream time (the newest event time
 * applied), {@code closedUpTo = streamTime - grace}, and each device's pending interval end. For a reading of
 * device {@code d} at {@code t}:
 * <ol>
 *   <li>{@code until = end(t)}; if {@code until <= closedUpTo} the reading is late and {@code until =
 *       end(closedUpTo)}, the oldest interval still open;
 *   <li>if {@code d} is pending at an end before {@code until}, it is scored first, on its vector before this
 *       reading (rule 1);
 *   <li>the reading is applied; a device not pending becomes pending at {@code until};
 *   <li>stream time and {@code closedUpTo} advance; every device pending at an end {@code <= closedUpTo} is scored,
 *       by interval end, then in the order they became pending (rule 2).
 * </ol>
 * At the end of the input every device still pending is scored, as the scorer's idle close does once the input
 * stays silent ({@code scoring.idle.close.ms}, rule 3). A score is the model's decision on the device's current
 * vector; it is an alert ({@code ATTENTION}, {@code RECOVERY}) only when the decision changes.
 *
 * <p>Because stream time is per task, restored from the devices' newest event times after a restart or a move, and
 * the pending interval ends are part of the devices' state, these alerts follow from each partition's records
 * alone, whoever processed them and however often they were interrupted, as long as no partition's input pauses
 * for the idle close in the middle of the stream.
 */
final class IntervalReplay {

    private static final long NOT_PENDING = Long.MIN_VALUE;

    /** One scorable reading, in the task (input partition) that scores it. */
    record Reading(int partition, String deviceId, int sensor, double value, long eventTime) {
    }

    /**
     * An alert as the interval rules make it: its kind, the event time of the device's newest reading when it was
     * scored (the alert's {@code eventTime}) and the readings applied since its previous score
     * ({@code eventsInInterval}).
     */
    record Scored(AlertKind kind, long eventTime, int eventsInInterval) {

        static Scored of(Alert alert) {
            return new Scored(alert.getKind(), alert.getEventTime().toEpochMilli(), alert.getEventsInInterval());
        }

        /** What identifies an alert in the reconciliation: its kind and the interval it scored. */
        Scored identity() {
            return new Scored(kind, eventTime, 0);
        }

        @Override
        public String toString() {
            return kind + "@" + eventTime + "(" + eventsInInterval + ")";
        }
    }

    /**
     * What the replay found.
     *
     * @param alertsByDevice each device's alerts, in the order due
     * @param readings readings applied
     * @param late readings whose interval was already closed
     * @param byRule1 scores (alerts or not) made by rule 1, a device's reading of a later interval
     * @param byRule2 scores made by rule 2, the task's stream time passing the interval's end plus the grace
     * @param atEnd scores made when the input ended (the scorer's idle close)
     * @param alertsAtEnd alerts among {@code atEnd}
     * @param tasksOpenAtEnd tasks (partitions) with a device still pending when the input ended
     * @param intervals distinct intervals the readings fall in, over all tasks
     */
    record Replay(Map<String, List<Scored>> alertsByDevice, long readings, long late, long byRule1, long byRule2,
            long atEnd, int alertsAtEnd, int tasksOpenAtEnd, int intervals) {

        int alerts() {
            return alertsByDevice.values().stream().mapToInt(List::size).sum();
        }
    }

    /**
     * A reconciliation of the committed alerts against the replay: {@code result} counts alerts identified by
     * device, kind and event time (so an alert of the right kind for the wrong interval is lost and duplicated),
     * its {@code expectedByDevice} and {@code actualByDevice} hold the kinds; {@code expected} and {@code actual}
     * hold every field compared.
     */
    record Outcome(Reconciliation.Result result, Replay replay, Map<String, List<Scored>> expected,
            Map<String, List<Scored>> actual) {

        /** The devices whose alerts differ, expected then committed, for a failure message. */
        String differences(int max) {
            StringBuilder s = new StringBuilder();
            int differing = 0;
            LinkedHashSet<String> devices = new LinkedHashSet<>(expected.keySet());
            devices.addAll(actual.keySet());
            for (String d : devices) {
                List<Scored> e = expected.getOrDefault(d, List.of());
                List<Scored> a = actual.getOrDefault(d, List.of());
                if (!e.equals(a) && differing++ < max) {
                    s.append("\n  ").append(d).append(": expected ").append(e).append(", committed ").append(a);
                }
            }
            return differing == 0 ? "none" : differing + " device(s):" + s + (differing > max ? "\n  ..." : "");
        }
    }

    private IntervalReplay() {
    }

    /** The scorable readings of the stack's input, partition by partition in offset order. */
    static List<Reading> input(Stack stack, int features) {
        List<ConsumerRecord<byte[], byte[]>> records = Reconciliation.readAll(stack, stack.input, "read_uncommitted");
        AvroDeserializer<SensorReading> decoder = AvroDeserializer.specific(SensorReading.class);
        decoder.configure(Map.of("schema.registry.url", stack.registry), false);
        List<Reading> readings = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            SensorReading reading = Reconciliation.decodeOrNull(decoder, stack.input, r.value());
            if (reading == null || !Reconciliation.scorable(reading, features)) {
                continue; // a dead letter or an end marker: it changes no device and no stream time
            }
            readings.add(new Reading(r.partition(), reading.getDeviceId(), reading.getSensor(), reading.getValue(),
                    reading.getEventTime().toEpochMilli()));
        }
        return readings;
    }

    /** Replays the stack's input through {@code model} by the interval rules. */
    static Replay of(Stack stack, ModelArtifact model, long intervalMs, long graceMs) {
        LogisticScorer scorer = new LogisticScorer(model);
        return replay(input(stack, scorer.featureCount()), scorer, intervalMs, graceMs);
    }

    /**
     * Replays {@code input} (records of each partition in offset order; partitions may interleave) by the interval
     * rules, then closes every interval still open, task by task.
     */
    static Replay replay(List<Reading> input, LogisticScorer scorer, long intervalMs, long graceMs) {
        if (intervalMs < 1 || graceMs < 0) {
            throw new IllegalArgumentException("interval " + intervalMs + " ms, grace " + graceMs + " ms");
        }
        Counts counts = new Counts();
        Map<String, List<Scored>> alerts = new LinkedHashMap<>();
        Map<Integer, Task> tasks = new TreeMap<>();
        Set<Long> intervals = new HashSet<>();
        for (Reading r : input) {
            intervals.add(Math.floorDiv(r.eventTime(), intervalMs));
            tasks.computeIfAbsent(r.partition(), p -> new Task(scorer, intervalMs, graceMs, alerts, counts)).apply(r);
        }
        int open = 0;
        for (Task task : tasks.values()) {
            if (task.closeAll()) {
                open++;
            }
        }
        return new Replay(alerts, counts.readings, counts.late, counts.rule1, counts.rule2, counts.atEnd,
                counts.alertsAtEnd, open, intervals.size());
    }

    /**
     * Reads the committed alerts and reconciles them with {@code replay}: per device in order (longest common
     * subsequence of alerts identified by kind and event time), the expected ones not matched are lost, the
     * committed ones not matched are duplicates.
     */
    static Outcome reconcile(Stack stack, Replay replay) {
        List<Alert> alerts = committedAlerts(stack);
        Map<String, List<Scored>> actual = new LinkedHashMap<>();
        for (Alert alert : alerts) {
            actual.computeIfAbsent(alert.getDeviceId(), d -> new ArrayList<>()).add(Scored.of(alert));
        }
        Map<String, List<Scored>> expected = replay.alertsByDevice();
        int lost = 0;
        int matched = 0;
        for (Map.Entry<String, List<Scored>> e : expected.entrySet()) {
            int common = Reconciliation.lcs(identities(e.getValue()),
                    identities(actual.getOrDefault(e.getKey(), List.of())));
            matched += common;
            lost += e.getValue().size() - common;
        }
        Reconciliation.Result result = new Reconciliation.Result(replay.readings(), replay.alerts(), alerts.size(),
                lost, alerts.size() - matched, kinds(expected), kinds(actual), alerts, alerts.size());
        return new Outcome(result, replay, expected, actual);
    }

    /** The committed alerts, once no transaction is open on the alerts topic. */
    static List<Alert> committedAlerts(Stack stack) {
        AvroDeserializer<Alert> decoder = AvroDeserializer.specific(Alert.class);
        decoder.configure(Map.of("schema.registry.url", stack.registry), false);
        List<Alert> alerts = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : Reconciliation.readAll(stack, stack.alerts, "read_committed")) {
            alerts.add(decoder.deserialize(stack.alerts, r.value()));
        }
        return alerts;
    }

    private static List<Scored> identities(List<Scored> alerts) {
        return alerts.stream().map(Scored::identity).toList();
    }

    private static Map<String, List<AlertKind>> kinds(Map<String, List<Scored>> byDevice) {
        Map<String, List<AlertKind>> kinds = new LinkedHashMap<>();
        byDevice.forEach((d, alerts) -> kinds.put(d, alerts.stream().map(Scored::kind).toList()));
        return kinds;
    }

    /** The end (exclusive) of the interval holding {@code eventTime}. */
    static long end(long eventTime, long intervalMs) {
        return Math.multiplyExact(Math.floorDiv(eventTime, intervalMs) + 1, intervalMs);
    }

    private static final class Counts {
        long readings;
        long late;
        long rule1;
        long rule2;
        long atEnd;
        int alertsAtEnd;
    }

    /** A device as the scorer keeps it: latest values (neutral until seen), decision, pending interval. */
    private static final class Device {
        final String id;
        final double[] values;
        boolean attention;
        long newestEventTime = Long.MIN_VALUE;
        long pendingUntil = NOT_PENDING;
        int eventsSinceScored;

        Device(String id, LogisticScorer scorer) {
            this.id = id;
            values = new double[scorer.featureCount()];
            Arrays.fill(values, scorer.neutralValue());
        }
    }

    /** One input partition's task: its devices, stream time and pending devices by interval end. */
    private static final class Task {
        final LogisticScorer scorer;
        final long intervalMs;
        final long graceMs;
        final Map<String, List<Scored>> alerts;
        final Counts counts;
        final Map<String, Device> devices = new HashMap<>();
        /** Pending devices by interval end, each end's devices in the order they became pending. */
        final TreeMap<Long, LinkedHashSet<Device>> pending = new TreeMap<>();
        long streamTime = Long.MIN_VALUE;
        long closedUpTo = Long.MIN_VALUE;

        Task(LogisticScorer scorer, long intervalMs, long graceMs, Map<String, List<Scored>> alerts, Counts counts) {
            this.scorer = scorer;
            this.intervalMs = intervalMs;
            this.graceMs = graceMs;
            this.alerts = alerts;
            this.counts = counts;
        }

        void apply(Reading r) {
            Device d = devices.computeIfAbsent(r.deviceId(), id -> new Device(id, scorer));
            long until = end(r.eventTime(), intervalMs);
            if (until <= closedUpTo) {
                counts.late++;
                until = end(closedUpTo, intervalMs);
            }
            if (d.pendingUntil != NOT_PENDING && d.pendingUntil < until) {
                counts.rule1++;
                score(d);
            }
            d.values[r.sensor() - 1] = r.value();
            d.newestEventTime = Math.max(d.newestEventTime, r.eventTime());
            d.eventsSinceScored++;
            counts.readings++;
            if (d.pendingUntil == NOT_PENDING) {
                d.pendingUntil = until;
                pending.computeIfAbsent(until, u -> new LinkedHashSet<>()).add(d);
            }
            streamTime = Math.max(streamTime, r.eventTime());
            long upTo = streamTime < Long.MIN_VALUE + graceMs ? Long.MIN_VALUE : streamTime - graceMs;
            closedUpTo = Math.max(closedUpTo, upTo);
            while (!pending.isEmpty() && pending.firstKey() <= closedUpTo) {
                for (Device due : pending.pollFirstEntry().getValue()) {
                    counts.rule2++;
                    score(due);
                }
            }
        }

        /** The end of the input: every device still pending is scored. Returns whether any was. */
        boolean closeAll() {
            boolean any = !pending.isEmpty();
            while (!pending.isEmpty()) {
                for (Device due : pending.pollFirstEntry().getValue()) {
                    counts.atEnd++;
                    if (score(due)) {
                        counts.alertsAtEnd++;
                    }
                }
            }
            return any;
        }

        /** Scores {@code d} on its current vector; returns whether that made an alert. */
        private boolean score(Device d) {
            LinkedHashSet<Device> same = pending.get(d.pendingUntil);
            if (same != null) {
                same.remove(d);
                if (same.isEmpty()) {
                    pending.remove(d.pendingUntil);
                }
            }
            boolean attention = scorer.attention(d.values);
            boolean alert = attention != d.attention;
            if (alert) {
                d.attention = attention;
                alerts.computeIfAbsent(d.id, id -> new ArrayList<>()).add(new Scored(
                        attention ? AlertKind.ATTENTION : AlertKind.RECOVERY, d.newestEventTime,
                        d.eventsSinceScored));
            }
            d.pendingUntil = NOT_PENDING;
            d.eventsSinceScored = 0;
            return alert;
        }
    }
}
