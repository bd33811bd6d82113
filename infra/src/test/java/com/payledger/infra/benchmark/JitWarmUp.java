package com.payledger.infra.benchmark;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Unmeasured load in rounds until the JIT compiler goes quiet: a round in which it compiled for less than
 * {@value #QUIET_SHARE} of the round's time, or the first round that ends past {@code max} (so a warm-up can run
 * over its limit by up to one round).
 *
 * <p>Why not a fixed time: on 2 cores the compiler shares the cores with the load, and after a service starts it
 * kept compiling the request path for about a minute of load (26 rounds of 2 s after the 10,000 touching transfers,
 * compiling for about as long as each round lasted until the last few). The fixed 16 s warm-up this replaces left it
 * compiling through the first steps, and the runs at 1 client, where one request at a time meets the compiler's
 * work, read 242-410 transfers/s against 612/s once it was quiet. Starting another service loads new classes,
 * which sends compiled code back to the compiler (34-45 s of rounds until quiet again after the naive service
 * started), so the transfer benchmark starts both of its services before its one warm-up.
 */
final class JitWarmUp {

    static final double QUIET_SHARE = 0.05;
    /**
     * The full-size benchmarks' limit ({@code -Dbenchmark.warm-up-max-seconds}): the transfer benchmark's warm-up of
     * both services went quiet after 38-48 s on the CI machine kind (the tuned one's alone after 32-52 s); a limit
     * bounds the benchmarks' time on a slower machine.
     */
    static final Duration MAX = Duration.ofSeconds(Integer.getInteger("benchmark.warm-up-max-seconds", 60));
    /** Null when the JVM has no JIT compiler (-Xint) or cannot time it: then there is nothing to wait for. */
    private static final CompilationMXBean COMPILER = timed(ManagementFactory.getCompilationMXBean());

    /** One round of load for the given time. */
    @FunctionalInterface
    interface Round {
        void run(Duration time) throws Exception;
    }

    /** How the warm-up went: {@code quiet} is false when it stopped at its {@code max} with the compiler busy. */
    record Done(int rounds, double seconds, long lastRoundCompileMillis, boolean quiet) {

        String describe() {
            String end = quiet ? "until the JIT compiler went quiet" : "stopped at the limit with the JIT compiler "
                    + "still busy";
            return String.format(java.util.Locale.ROOT, "%d round%s, %.1f s, %s (it compiled for %d ms in the last)",
                    rounds, rounds == 1 ? "" : "s", seconds, end, lastRoundCompileMillis);
        }
    }

    private JitWarmUp() {
    }

    static Done untilQuiet(Duration round, Duration max, Round load) throws Exception {
        long started = System.nanoTime();
        for (int rounds = 1; ; rounds++) {
            long compiledBefore = compileMillis();
            long roundStarted = System.nanoTime();
            load.run(round);
            long compiled = compileMillis() - compiledBefore;
            double roundMillis = (System.nanoTime() - roundStarted) / 1e6;
            boolean quiet = compiled < QUIET_SHARE * roundMillis;
            double seconds = (System.nanoTime() - started) / 1e9;
            if (quiet || seconds >= max.toNanos() / 1e9) {
                return new Done(rounds, seconds, compiled, quiet);
            }
        }
    }

    /**
     * The compiler threads' accumulated time: wall time of each compilation, so it also grows while a compiler
     * thread waits for a core. Quiet means no compilation ran for most of the round.
     */
    static long compileMillis() {
        return COMPILER == null ? 0 : COMPILER.getTotalCompilationTime();
    }

    private static CompilationMXBean timed(CompilationMXBean compiler) {
        return compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler : null;
    }
}
