package io.iotstream.simulator;

import java.util.concurrent.locks.LockSupport;

/**
 * Asks a running simulation (or bridge) to stop early, e.g. from a shutdown hook on Ctrl-C: it then sends what is
 * buffered, its end marker if asked for, and its summary. Wakes the running thread if it waits for the next event.
 */
public final class StopSignal {

    private volatile boolean requested;
    private volatile Thread runner;

    /** Requests the stop; safe from any thread, any number of times. */
    public void request() {
        requested = true;
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    public boolean requested() {
        return requested;
    }

    /** The thread to wake on {@link #request()}. */
    void runOn(Thread thread) {
        this.runner = thread;
    }
}
