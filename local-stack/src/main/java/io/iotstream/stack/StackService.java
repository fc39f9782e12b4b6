package io.iotstream.stack;

import io.iotstream.cli.stack.LocalStackState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;

/**
 * Main of one stack service process: {@code StackService <kafka|s3|registry> <stack home>}. Starts the service
 * (dev-services' starter, whose own child JVM dies with this one), writes {@code <home>/<service>.properties}
 * with its endpoints once it answers, and runs until SIGTERM, when it stops the service and removes that file.
 *
 * <p>A process of its own because dev-services' starters stop their services when the starting JVM exits, and
 * the stack must outlive {@code ./iotstream stack up}.
 */
public final class StackService {

    private StackService() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: StackService <kafka|s3|registry> <stack home>");
            System.exit(2);
        }
        StackServiceKind kind = StackServiceKind.of(args[0]);
        Path home = Paths.get(args[1]);
        Path ready = Stack.readyFile(home, kind);
        Files.deleteIfExists(ready);
        StackServiceKind.Running running;
        try {
            running = kind.start(home);
        } catch (RuntimeException | Error e) {
            System.err.println("StackService " + kind.id() + ": could not start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(ready);
            } catch (IOException e) {
                System.err.println("StackService " + kind.id() + ": could not delete " + ready + ": " + e);
            }
            try {
                running.service().close();
            } catch (Exception e) {
                System.err.println("StackService " + kind.id() + ": stopping failed: " + e);
            }
            stopped.countDown();
        }, "stack-service-stop"));
        LocalStackState.writeProperties(ready, running.endpoints(), kind.id() + " endpoints, pid "
                + ProcessHandle.current().pid());
        System.err.println("StackService " + kind.id() + " up: " + running.endpoints());
        stopped.await();
    }
}
