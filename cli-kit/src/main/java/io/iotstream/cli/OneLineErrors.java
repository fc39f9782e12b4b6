package io.iotstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * The one failure handler of a command: one line on stderr, {@code <command> <subcommand>: <what failed and the
 * fix>}, and the exit code.
 *
 * <ul>
 *   <li>{@link IllegalArgumentException} (a bad setting, location or name, found before any work): exit 2;
 *   <li>{@link CliFailure}, and the exception types the command declares as expected failures (their messages
 *       name the fix): exit 1, message as is;
 *   <li>file-system errors: exit 1, with the path;
 *   <li>anything else is a bug: exit 1, asking for a report.
 * </ul>
 * Usage errors ({@link ParameterException}) are rethrown for picocli to print with the usage, exit 2.
 *
 * <p>Install it with {@link CommandLine#setExecutionExceptionHandler}; subcommands that catch exceptions
 * themselves (so that {@code execute(args)} in tests behaves like {@code main}) call {@link #report}.
 */
public final class OneLineErrors implements IExecutionExceptionHandler {

    private final List<Class<? extends Exception>> expectedFailures;

    /**
     * @param expectedFailures exception types whose messages are written for the user and reported as they are
     */
    @SafeVarargs
    public OneLineErrors(Class<? extends Exception>... expectedFailures) {
        this.expectedFailures = List.of(expectedFailures);
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        return report(commandLine, e);
    }

    /**
     * Prints the one line for {@code e} on the command's stderr and returns the exit code; rethrows a
     * {@link ParameterException} for picocli to print with the usage.
     */
    public int report(CommandLine commandLine, Exception e) {
        if (e instanceof ParameterException pe) {
            throw pe;
        }
        int code = ExitCode.FAILURE;
        String message;
        if (e instanceof CliFailure failure) {
            code = failure.exitCode();
            message = e.getMessage();
        } else if (e instanceof IllegalArgumentException) {
            code = ExitCode.USAGE;
            message = e.getMessage();
        } else if (isExpected(e)) {
            message = e.getMessage();
        } else if (e instanceof NoSuchFileException) {
            message = "no such file: " + e.getMessage() + ": check the path";
        } else if (e instanceof AccessDeniedException) {
            message = "permission denied: " + e.getMessage() + ": check the file's permissions";
        } else if (e instanceof IOException) {
            message = "I/O error: " + e + ": check the path, the network and the disk";
        } else {
            message = "unexpected " + e + ": this is a bug, please report it with the command line";
        }
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + oneLine(message));
        err.flush();
        return code;
    }

    private boolean isExpected(Exception e) {
        for (Class<? extends Exception> type : expectedFailures) {
            if (type.isInstance(e)) {
                return true;
            }
        }
        return false;
    }

    static String oneLine(String message) {
        return message == null ? "(no message)" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
