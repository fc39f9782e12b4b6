package io.iotstream.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Sample records for tests, including the original benchmark's simulator lines. */
public final class TestRecords {
    /** 2018-01-13T21:37:30.830Z: the first line of the benchmark's sim_sensor_output.txt. */
    public static final Instant EVENT_TIME = Instant.ofEpochMilli(1515879450830L);

    private TestRecords() {
    }

    public static SensorReading reading(String deviceId, int sensor, double value, Instant eventTime) {
        return SensorReading.newBuilder()
                .setDeviceId(deviceId)
                .setSensor(sensor)
                .setValue(value)
                .setEventTime(eventTime)
                .build();
    }

    public static SensorFrame frame(String deviceId, Integer label, double... values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return SensorFrame.newBuilder()
                .setDeviceId(deviceId)
                .setEventTime(EVENT_TIME)
                .setValues(list)
                .setLabel(label)
                .build();
    }

    public static Alert alert(String deviceId) {
        return Alert.newBuilder()
                .setDeviceId(deviceId)
                .setKind(AlertKind.ATTENTION)
                .setProbability(0.93)
                .setAttentionNeeded(true)
                .setModelName("lr-100")
                .setModelVersion("sha256:0f3a")
                .setEventTime(EVENT_TIME)
                .setScoredAt(EVENT_TIME.plusMillis(120))
                .setEventsInInterval(412)
                .setTopSensors(List.of(
                        new SensorContribution(100, 0.97, 9.7),
                        new SensorContribution(99, 0.88, 8.7)))
                .build();
    }

    /**
     * The benchmark simulator's event lines ({@code time,sensor number,Sensor name,value}) as readings of
     * {@code deviceId}; '#' lines are comments, a negative sensor number ends the stream.
     */
    public static List<SensorReading> benchmarkReadings(String deviceId) {
        List<SensorReading> readings = new ArrayList<>();
        try (InputStream in = TestRecords.class.getResourceAsStream("/benchmark/sim_sensor_output.txt");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(",");
                int sensor = Integer.parseInt(fields[1].trim());
                if (sensor < 0) {
                    break;
                }
                readings.add(reading(deviceId, sensor, Double.parseDouble(fields[3].trim()),
                        Instant.parse(fields[0].trim())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return readings;
    }
}
