package org.vmoe4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import picocli.CommandLine;

/**
 * One in-process run of the CLI with what issue 16's contract is checked on: the exit code, what
 * was printed, the wall time, and the bytes of Java heap the running thread allocated (garbage
 * included; exact, from the JVM's per-thread counter, so a reader that allocates a declared size
 * before checking it is caught even when the allocation succeeds).
 */
record CliRun(int exit, String out, String err, double seconds, long heapBytes) {
    /** A hostile file must cost at most this much heap to refuse. */
    static final long MAX_HEAP_BYTES = 64L << 20;
    /** ... and take at most this long (the unprotected readers took 13 to 50 s on the worst cases). */
    static final double MAX_SECONDS = 10;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * {@link Main#commandLine()}, built once: building it takes 50 ms and more (picocli reads every
     * command's annotations), running a refused file about 1 ms. Picocli resets every option to its
     * initial value before each parse, so runs do not see each other's options.
     */
    private static final CommandLine CLI = Main.commandLine();

    /** Runs {@code vmoe4j ARGS} as {@link CliHarness} does, on the shared command line. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CLI.setOut(new PrintWriter(out, true));
        CLI.setErr(new PrintWriter(err, true));
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        int exit = CLI.execute(args);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new CliRun(exit, out.toString(), err.toString(), seconds, THREADS.getCurrentThreadAllocatedBytes() - bytes);
    }

    /**
     * Checks that this run refused a bad file as the README promises: exit code 1, exactly one line
     * on stderr that starts with "error: " and names {@code file}, no stack trace, fast and small.
     */
    CliRun assertRefused(String file) {
        String why = "stderr: " + err;
        assertThat(exit).as(why).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err).as(why).startsWith("error: ").endsWith("\n").contains(file).doesNotContain("\tat ");
        assertThat(err.strip().lines().count()).as(why).isEqualTo(1);
        return assertCheap();
    }

    /** Checks that the run stayed within {@link #MAX_SECONDS} and {@link #MAX_HEAP_BYTES}. */
    CliRun assertCheap() {
        assertThat(seconds).as("seconds; stderr: " + err).isLessThan(MAX_SECONDS);
        assertThat(heapBytes).as("heap bytes allocated; stderr: " + err).isLessThan(MAX_HEAP_BYTES);
        return this;
    }
}
