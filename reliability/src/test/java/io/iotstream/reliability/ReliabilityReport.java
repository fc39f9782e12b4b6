package io.iotstream.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The suite's table: one row per scenario, printed as it is measured and rewritten in full to
 * {@code target/reliability.md} (system property {@code reliability.report}) after each, so the lead can paste it
 * into docs/RELIABILITY.md. Notes (bad input and bad model counts) follow the table.
 */
final class ReliabilityReport {

    /** One scenario's figures; {@code recoverySeconds} is NaN where nothing had to recover. */
    record Row(String scenario, long eventsIn, int alertsExpected, int alertsOut, int lost, int duplicated,
            double recoverySeconds, String recoveryMeaning, double longestDelaySeconds) {

        /** A row without the event-to-alert delay (scenarios that do not watch the alerts live). */
        Row(String scenario, long eventsIn, int alertsExpected, int alertsOut, int lost, int duplicated,
                double recoverySeconds, String recoveryMeaning) {
            this(scenario, eventsIn, alertsExpected, alertsOut, lost, duplicated, recoverySeconds, recoveryMeaning,
                    Double.NaN);
        }
    }

    private static final List<Row> ROWS = new ArrayList<>();
    private static final List<String> NOTES = new ArrayList<>();

    private ReliabilityReport() {
    }

    static synchronized void add(Row row) {
        ROWS.add(row);
        System.out.println("[reliability] " + line(row) + "   (recovery: " + row.recoveryMeaning() + ")");
        write();
    }

    static synchronized void note(String note) {
        NOTES.add(note);
        System.out.println("[reliability] " + note);
        write();
    }

    private static String line(Row r) {
        return String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %d | %d | %s | %s |", r.scenario(), r.eventsIn(),
                r.alertsExpected(), r.alertsOut(), r.lost(), r.duplicated(), oneDecimal(r.recoverySeconds()),
                oneDecimal(r.longestDelaySeconds()));
    }

    private static String oneDecimal(double seconds) {
        return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.1f", seconds);
    }

    private static void write() {
        StringBuilder md = new StringBuilder();
        md.append("| scenario | events in | alerts expected | alerts out | lost | duplicated | recovery s "
                + "| longest event-to-alert s |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : ROWS) {
            md.append(line(r)).append('\n');
        }
        md.append("\nRecovery seconds:\n\n");
        for (Row r : ROWS) {
            md.append("- ").append(r.scenario()).append(": ").append(r.recoveryMeaning()).append('\n');
        }
        if (!NOTES.isEmpty()) {
            md.append('\n');
            for (String n : NOTES) {
                md.append("- ").append(n).append('\n');
            }
        }
        Path file = Path.of(System.getProperty("reliability.report", "target/reliability.md"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
