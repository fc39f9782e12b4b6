package io.iotstream.training.train;

import io.iotstream.model.store.ModelNames;
import io.iotstream.training.io.InputFormat;
import java.util.Objects;

/**
 * What {@code iottrain} does: a pure description, validated on construction (errors name the flag and the fix).
 *
 * @param input       a file or directory: path, {@code file://}, {@code hdfs://} or {@code s3a://}
 * @param inputFormat CSV, Parquet, or AUTO (from the first data file)
 * @param holdout     share of rows kept out of training to evaluate on, in [0, 1); 0 trains on everything and
 *                    computes no metrics
 * @param seed        seed of the split (and of Tribuo's SGD)
 * @param engine      Spark or Tribuo
 * @param logistic    Spark's parameters; its threshold is the artifact's for both engines
 * @param sgd         Tribuo's parameters
 * @param name        model name
 * @param version     model version, or null for one made from the training time ({@code yyyyMMdd'T'HHmmss'Z'})
 * @param output      directory to write {@code model.json} and {@code model.pmml} to, or null
 * @param publish     model store to publish to ({@code s3://bucket/prefix}, {@code file:///dir}), or null
 * @param promotion   whether to make the published version live
 * @param gate        the gate for {@link Promotion#GATE}, else null
 * @param promotedBy  who promotes, recorded in the live pointer
 * @param gitSha      commit of the trainer code, or null
 */
public record TrainConfig(String input, InputFormat inputFormat, double holdout, long seed, Engine engine,
                          LogisticParams logistic, SgdParams sgd, String name, String version, String output,
                          String publish, Promotion promotion, PromotionGate gate, String promotedBy, String gitSha) {

    /** Default model name. */
    public static final String DEFAULT_NAME = "sensor-failure";

    public TrainConfig {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("input is missing: give the training data (file or directory)");
        }
        Objects.requireNonNull(inputFormat, "inputFormat");
        if (!(holdout >= 0 && holdout < 1)) {
            throw new IllegalArgumentException("--holdout is " + holdout
                    + ": give the share of rows to evaluate on, in [0, 1) (e.g. 0.3)");
        }
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(logistic, "logistic");
        Objects.requireNonNull(sgd, "sgd");
        ModelNames.requireValidName(name);
        if (version != null) {
            ModelNames.requireValidVersion(version);
        }
        Objects.requireNonNull(promotion, "promotion");
        if (promotion != Promotion.NONE && publish == null) {
            throw new IllegalArgumentException((promotion == Promotion.GATE ? "--promote-if" : "--promote")
                    + " needs --publish: give the model store to publish to");
        }
        if ((promotion == Promotion.GATE) != (gate != null)) {
            throw new IllegalArgumentException("a promotion gate goes with --promote-if, and only with it");
        }
        if (promotion == Promotion.GATE && holdout == 0) {
            throw new IllegalArgumentException("--promote-if needs holdout metrics: give --holdout > 0");
        }
        if (gitSha != null && gitSha.isBlank()) {
            gitSha = null;
        }
    }
}
