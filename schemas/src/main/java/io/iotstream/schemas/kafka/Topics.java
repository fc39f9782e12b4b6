package io.iotstream.schemas.kafka;

/**
 * The default topic names, shared by every command that reads or writes them, so that a simulator, a scorer and a
 * tool started with no topic flags meet on the same topics. Names follow {@code iot.<thing>.v1}; a new
 * incompatible layout gets a new version suffix rather than a changed meaning.
 */
public final class Topics {

    /** {@code SensorReading} records, keyed by device id: the simulator and the bridge write, the scorer reads. */
    public static final String SENSOR_READINGS = "iot.sensor-readings.v1";
    /** {@code SensorFrame} records (whole vectors), keyed by device id. */
    public static final String SENSOR_FRAMES = "iot.sensor-frames.v1";
    /** {@code Alert} records, keyed by device id: the scorer's output. */
    public static final String ALERTS = "iot.alerts.v1";
    /** The scorer's dead letters: records it could not score, with {@link DeadLetterHeaders}. */
    public static final String SCORING_DEAD_LETTERS = "iot.scoring.dlq.v1";
    /** Compacted topic of model events (key: model name), read by every scorer instance. */
    public static final String MODEL_EVENTS = "iot.models.v1";

    private Topics() {
    }
}
