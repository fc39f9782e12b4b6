package io.iotstream.devservices.process;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child JVM started by dev-services: {@code ChildMain <main class> <args...>}.
 *
 * <p>It runs the real main class, and halts the JVM as soon as its standard input ends. The parent never writes
 * to that pipe, so end-of-input means the parent JVM is gone, even if it was killed without running its shutdown
 * hooks; this way a broker or registry never outlives the test run that started it.
 */
public final class ChildMain {

    /** Exit status when the parent went away. */
    static final int PARENT_GONE = 143;

    private ChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: ChildMain <main class> [args...]");
            System.exit(2);
        }
        Thread watchdog = new Thread(ChildMain::haltWhenParentIsGone, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void haltWhenParentIsGone() {
        try {
            byte[] buffer = new byte[256];
            while (System.in.read(buffer) != -1) {
                // the parent writes nothing; keep draining just in case
            }
        } catch (IOException e) {
            // a broken pipe also means the parent is gone
        }
        System.err.println("[dev-services] parent JVM is gone: halting");
        System.err.flush();
        // halt, not exit: shutdown hooks (e.g. a broker's controlled shutdown) could block for a long time
        Runtime.getRuntime().halt(PARENT_GONE);
    }
}
