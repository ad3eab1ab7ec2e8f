package org.flowlab.runner.run;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How trials share the CPU with ND4J. Each ND4J op parallelises internally (libnd4j's thread pool and
 * OpenMP), so N trials each using every core would oversubscribe the machine N times and run slower than
 * one after another. With {@code --parallel N} each trial's ops get {@code cores / N} threads (at least 1),
 * so N × threads ≤ cores. OpenMP reads {@code OMP_NUM_THREADS} only when the native library loads, which is
 * why the {@code flowlab} launcher exports it from {@code --parallel} before starting the JVM; this class sets
 * libnd4j's own limits, which may change at run time. Trials never share a model, graph or RNG: each builds
 * its own SameDiff graph in its own thread, seeded from its own seed.
 */
public final class Nd4jThreads {

    private Nd4jThreads() {
    }

    public static int perTrial(int parallel) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, parallel));
    }

    /** Applies the per-trial limit; loads the ND4J backend if it is not loaded yet. */
    public static int configure(int parallel) {
        return limit(perTrial(parallel));
    }

    /** Caps libnd4j's own thread pool at {@code threads}; returns it. */
    public static int limit(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        return threads;
    }

    /**
     * The OpenMP pool size fixed when the native library loaded: {@code OMP_NUM_THREADS}, else every core.
     * Java cannot change it afterwards, so commands that promise a thread count report this one too.
     */
    public static int openMpThreads() {
        String value = System.getenv("OMP_NUM_THREADS");
        try {
            return value == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
