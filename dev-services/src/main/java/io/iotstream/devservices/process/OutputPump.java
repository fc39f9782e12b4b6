package io.iotstream.devservices.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Hands a child's output to a line consumer, on a daemon thread; keeps the last lines for failure messages, and
 * when the last one came, for progress notes.
 */
final class OutputPump {

    private static final int KEPT_LINES = 200;

    private final Thread thread;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private volatile long lastLineNanos = System.nanoTime();

    private OutputPump(String name, InputStream output, Consumer<String> consumer) {
        this.thread = new Thread(() -> pump(output, consumer), "child-output-" + name);
        thread.setDaemon(true);
    }

    static OutputPump start(String name, InputStream output, Consumer<String> consumer) {
        OutputPump pump = new OutputPump(name, output, consumer);
        pump.thread.start();
        return pump;
    }

    long lastLineNanos() {
        return lastLineNanos;
    }

    /** Waits until every line reached the consumer, or {@code timeout} passed (a grandchild may hold the pipe). */
    void join(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
    }

    synchronized String tail(int maxLines) {
        return String.join(System.lineSeparator(),
                lastLines.stream().skip(Math.max(0, lastLines.size() - maxLines)).toList());
    }

    private void pump(InputStream output, Consumer<String> consumer) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lastLineNanos = System.nanoTime();
                keep(line);
                consumer.accept(line);
            }
        } catch (IOException e) {
            // the child ended and its side of the pipe is gone: nothing more to hand on
        }
    }

    private synchronized void keep(String line) {
        if (lastLines.size() == KEPT_LINES) {
            lastLines.removeFirst();
        }
        lastLines.addLast(line);
    }
}
