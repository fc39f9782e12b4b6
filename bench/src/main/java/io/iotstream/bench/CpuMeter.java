package io.iotstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * CPU time used from a starting point: by one Streams application's stream threads (named
 * {@code <application id>-<uuid>-StreamThread-n}), by this whole JVM, and by the broker when the bench started it
 * (a child process). On a shared machine CPU per record is steadier than events per second, which other processes'
 * load depresses. Taken over from the retired scoring-streams ScoringBenchmark.
 */
final class CpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final String threadPrefix;
    private final ProcessHandle broker;
    private final long threads0;
    private final long jvm0;
    private final long broker0;

    private CpuMeter(String threadPrefix, ProcessHandle broker) {
        this.threadPrefix = threadPrefix;
        this.broker = broker;
        threads0 = streamThreadsCpu(threadPrefix);
        jvm0 = jvmCpu();
        broker0 = brokerCpu();
    }

    /**
     * From now on, for the stream threads of application {@code applicationId} and the broker process
     * {@code broker} (null when the bench did not start the broker).
     */
    static CpuMeter start(String applicationId, ProcessHandle broker) {
        return new CpuMeter(applicationId, broker);
    }

    /** The CPU used since {@link #start} divided by {@code records}; NaN where a figure is not available. */
    Result.Cpu perRecord(long records) {
        long broker = brokerCpu();
        double n = Math.max(1, records);
        return new Result.Cpu((streamThreadsCpu(threadPrefix) - threads0) / n, (jvmCpu() - jvm0) / n,
                broker < 0 || broker0 < 0 ? Double.NaN : (broker - broker0) / n);
    }

    /** Threads that ended since the start are not counted: a Streams app keeps its threads until closed. */
    private static long streamThreadsCpu(String prefix) {
        long sum = 0;
        for (ThreadInfo t : THREADS.dumpAllThreads(false, false)) {
            String name = t.getThreadName();
            if (name.startsWith(prefix) && name.matches(".*-StreamThread-\\d+")) {
                sum += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    private static long jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The broker's CPU so far, or -1 when not known (an external broker, or an OS that does not tell). */
    private long brokerCpu() {
        if (broker == null) {
            return -1;
        }
        return broker.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }
}
