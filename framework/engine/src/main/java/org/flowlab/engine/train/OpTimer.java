package org.flowlab.engine.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Where a training step's time goes: wall time per op type (forward and gradient ops alike), and the
 * time between consecutive ops, which is SameDiff's own Java bookkeeping. Attached to a model's graph
 * by {@link SameDiffTrialTrainer#profileOps}; records only between {@link #start()} and {@link #stop()}
 * and only on the thread that called {@code start}, so evaluation and sampling are left out.
 */
public final class OpTimer extends BaseListener {

    /** Gaps longer than this are pauses between steps (data, optimiser), not op-to-op overhead. */
    private static final long MAX_GAP_NANOS = 20_000_000;

    private final Map<String, long[]> byOp = new HashMap<>();
    private volatile Thread recording;
    private long opStart;
    private long lastOpEnd;
    private long gapNanos;
    private int steps;

    public void start() {
        recording = Thread.currentThread();
        lastOpEnd = 0;
    }

    public void stop() {
        recording = null;
    }

    /** Counts one recorded step; the report divides by the number of steps. */
    public void stepDone() {
        if (recording == Thread.currentThread()) {
            steps++;
            lastOpEnd = 0;
        }
    }

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        if (recording == Thread.currentThread()) {
            opStart = System.nanoTime();
            if (lastOpEnd > 0 && opStart - lastOpEnd < MAX_GAP_NANOS) {
                gapNanos += opStart - lastOpEnd;
            }
        }
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext, INDArray[] outputs) {
        if (recording == Thread.currentThread()) {
            long now = System.nanoTime();
            long[] entry = byOp.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
            entry[0] += now - opStart;
            entry[1]++;
            lastOpEnd = now;
        }
    }

    /** A table: ops per step, op time, time between ops, then the {@code top} op types by time. */
    public List<String> report(int top) {
        List<String> lines = new ArrayList<>();
        if (steps == 0) {
            lines.add("no step was profiled");
            return lines;
        }
        long opNanos = byOp.values().stream().mapToLong(e -> e[0]).sum();
        long opCount = byOp.values().stream().mapToLong(e -> e[1]).sum();
        lines.add(String.format(Locale.ROOT, "%d ops per step: %.1f ms in ops, %.1f ms between ops (SameDiff's Java side)",
                opCount / steps, opNanos / 1e6 / steps, gapNanos / 1e6 / steps));
        byOp.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .limit(top)
                .forEach(e -> lines.add(String.format(Locale.ROOT, "%-22s %8.2f ms/step %6d calls/step %5.1f%%",
                        e.getKey(), e.getValue()[0] / 1e6 / steps, e.getValue()[1] / steps, 100.0 * e.getValue()[0] / opNanos)));
        return lines;
    }
}
