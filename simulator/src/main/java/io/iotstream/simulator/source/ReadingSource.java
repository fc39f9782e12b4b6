package io.iotstream.simulator.source;

import java.io.IOException;
import java.util.Objects;

/**
 * Where the bridge reads the original benchmark's sensor events from, one at a time, each as text in the
 * original's line format ({@code 2018-01-13T21:37:30.830Z,77,Sensor 77,0.47453}): lines from standard input, a file
 * or a TCP server ({@link LineSource}); a broker's messages next. A new kind of source implements this interface
 * and nothing else: parsing, the end-of-stream marker, dead letters and counts are the bridge's.
 *
 * <p>Called from one thread: {@link #open()}, then {@link #next()} until it returns null, then {@link #close()}.
 * Only {@link #close()} may also be called from another thread, to end a {@link #next()} that waits for input.
 */
public interface ReadingSource extends AutoCloseable {

    /**
     * One event as the source delivered it.
     *
     * @param position where the item is in its source, counting from 1: the line number for lines; it goes into
     *     messages and dead-letter headers, so that a bad item can be found where it came from
     * @param text the event in the original's line format, without a line terminator
     * @param malformed why the source already knows that the item is no event (e.g. a line over the length limit,
     *     whose {@code text} is then cut), or null
     */
    record Item(long position, String text, String malformed) {

        public Item {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Where the items come from, for messages and the dead-letter source header: {@code stdin},
     * {@code file:<path>}, {@code tcp://host:port}. Known before {@link #open()}.
     */
    String name();

    /**
     * Connects to or opens the source.
     *
     * @throws SourceException with a message that names the fix (nothing listens, no such file)
     */
    void open() throws IOException;

    /**
     * The next item, waiting for it if need be; null at the end of the input.
     *
     * @throws IOException if reading fails, or {@link #close()} ended the wait
     */
    Item next() throws IOException;

    /** Releases the source; safe from any thread and more than once. */
    @Override
    void close() throws IOException;
}
