package io.iotstream.simulator.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C or SIGTERM during a run: asks the run to stop, then holds the JVM's exit until the run says it has
 * {@link #finished()} (end marker sent, acknowledgements awaited, summary printed), at most
 * {@value #GRACE_SECONDS} seconds. Only {@code main} installs one: a command run in-process leaves its caller's
 * JVM alone.
 */
final class GracefulShutdown {

    private static final int GRACE_SECONDS = 30;

    /** Nothing to do at exit: the run's caller owns the JVM. */
    static final GracefulShutdown NONE = new GracefulShutdown();

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private GracefulShutdown() {
        this.hook = null;
    }

    private GracefulShutdown(String threadName, Runnable stop) {
        this.hook = new Thread(() -> {
            stop.run();
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, threadName);
    }

    /**
     * Installs the hook for one run.
     *
     * @param stop asks the run to end; called on the hook's thread
     */
    static GracefulShutdown install(String threadName, Runnable stop) {
        GracefulShutdown shutdown = new GracefulShutdown(threadName, stop);
        Runtime.getRuntime().addShutdownHook(shutdown.hook);
        return shutdown;
    }

    /** The run is over: lets a waiting hook go, or removes the hook so that a later exit does not wait. */
    void finished() {
        finished.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook is running and waits for us
            }
        }
    }
}
