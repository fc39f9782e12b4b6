package io.iotstream.model.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One promotion decision, as kept in a model store's audit trail
 * ({@link io.iotstream.model.store.ModelStore#appendAudit}): who decided, when, on what evidence, and what came of
 * it. Immutable.
 *
 * @param name          the model name
 * @param version       the candidate's version
 * @param checksum      the candidate's checksum, or null if training failed before there was one
 * @param decision      what happened
 * @param by            who ran the command ({@code --by}, else the user running the command)
 * @param at            when the decision was made
 * @param gate          the gate expression, or null without one ({@code train --promote})
 * @param maxRegression how much worse than the live model a gated metric could be
 * @param metrics       the candidate's holdout metrics
 * @param liveBefore    the live model's id before the decision, or null if none was live
 * @param liveMetrics   the live model's metrics the candidate was compared with (empty if none)
 * @param liveAfter     the live model's id after the decision, or null if none is live
 * @param reasons       the gate's checks, one line each, or the error
 * @param signedBy      the key id the candidate was signed with, or null if unsigned
 * @param dataUri       the training data
 */
public record AuditRecord(String name, String version, String checksum, Decision decision, String by, Instant at,
                          String gate, double maxRegression, Map<String, Double> metrics, String liveBefore,
                          Map<String, Double> liveMetrics, String liveAfter, List<String> reasons, String signedBy,
                          String dataUri) {

    /** Format version of the JSON ({@link AuditJson}); readers reject others. */
    public static final int FORMAT = 1;

    /** What a decision came to. */
    public enum Decision {
        /** The candidate passed (or no gate was asked for) and is live. */
        PROMOTED,
        /** The gate refused the candidate: it is published, the live model is unchanged. */
        REFUSED,
        /** Published without promotion ({@code train --publish} alone). */
        PUBLISHED,
        /** Something failed after training began; the live model is unchanged. */
        FAILED
    }

    public AuditRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics == null ? Map.of() : metrics));
        liveMetrics = Collections.unmodifiableMap(new TreeMap<>(liveMetrics == null ? Map.of() : liveMetrics));
        reasons = List.copyOf(reasons == null ? List.of() : reasons);
    }
}
