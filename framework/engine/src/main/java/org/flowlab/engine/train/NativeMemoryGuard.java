package org.flowlab.engine.train;

import org.bytedeco.javacpp.Pointer;

/**
 * Keeps a trial's native memory bounded. ND4J frees an array's off-heap buffer only once its Java wrapper
 * has been garbage collected, and a SameDiff training step hands fresh buffers to hundreds of ops while
 * the Java heap barely grows: the collector has no reason to run, and resident memory climbed by
 * ~350 MB per step to 13 GB in the bench configuration (BENCHMARKS.md). After each step we compare the
 * process's resident size with a baseline taken after the first step and collect once it has grown by
 * more than the headroom; the collection releases every buffer that is no longer referenced.
 * ({@link GradientPass} now lets the session reuse most of a step's buffers, which lowered the peak a lot
 * (BENCHMARKS.md); evaluation, sampling and the arrays the session's cache evicts still allocate.)
 */
final class NativeMemoryGuard {

    static final long DEFAULT_HEADROOM_BYTES = 1536L << 20;

    private final long headroomBytes;
    private long baselineBytes = -1;

    NativeMemoryGuard(long headroomBytes) {
        this.headroomBytes = headroomBytes;
    }

    /** Called after every optimisation step. Returns whether it collected. */
    boolean afterStep() {
        long resident = Pointer.physicalBytes();
        if (baselineBytes < 0) {
            System.gc();
            baselineBytes = Pointer.physicalBytes();
            return true;
        }
        if (resident - baselineBytes > headroomBytes) {
            System.gc();
            return true;
        }
        return false;
    }
}
