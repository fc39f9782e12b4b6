package io.iotstream.simulator;

import io.iotstream.simulator.sink.EventSink;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event it is given, in order. */
public class RecordingSink implements EventSink {

    /** One event (a reading, a frame or an end marker). */
    public record Sent(int device, long epochMillis, int sensor, double value, double[] values, Integer label) {
        boolean isFrame() {
            return values != null;
        }
    }

    public final List<Sent> events = new ArrayList<>();
    public final List<Long> endMarkers = new ArrayList<>();
    public int opens;
    public int flushes;
    public int closes;

    @Override
    public void open() {
        opens++;
    }

    @Override
    public void reading(int device, long epochMillis, int sensor, double value) {
        events.add(new Sent(device, epochMillis, sensor, value, null, null));
    }

    @Override
    public void frame(int device, long epochMillis, double[] values, Integer label) {
        events.add(new Sent(device, epochMillis, 0, 0, values.clone(), label));
    }

    @Override
    public void endOfStream(long epochMillis) {
        endMarkers.add(epochMillis);
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public long delivered() {
        return events.size();
    }

    @Override
    public String describe() {
        return "recording";
    }

    @Override
    public void close() {
        closes++;
    }
}
