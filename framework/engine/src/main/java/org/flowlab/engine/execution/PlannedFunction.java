package org.flowlab.engine.execution;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SameDiff call made again and again with the same requested outputs (a training step, an evaluation
 * batch, a batch of samples), run through a compiled {@link ExecutionPlan} once the first call has shown what
 * it executes, and through SameDiff's session otherwise.
 *
 * <p>The first call runs SameDiff while recording its schedule, compiles the plan and runs it on the same
 * inputs: the plan is used only if it reproduces SameDiff's outputs (to float rounding: multi-threaded
 * reductions may add in another order; infinities and NaNs must sit at the same places, as when a sample of a
 * briefly trained model overflows). A graph the plan cannot express, or a mismatch, leaves this function on
 * SameDiff for good, with the reason in {@link #execution()} and the log. Placeholders of other shapes (a last,
 * smaller batch) go to SameDiff and keep the plan; a replaced parameter array makes it compile again.
 * {@code -Dflowlab.compiledPlans=false} keeps every call on SameDiff (to compare the two).
 *
 * <p>Synchronized: a plan's buffers are shared state, where SameDiff's sessions are per thread.
 */
public final class PlannedFunction {

    private static final Logger LOG = LoggerFactory.getLogger(PlannedFunction.class);
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("flowlab.compiledPlans"));

    private final String purpose;
    private final SameDiff function;
    private final String[] requested;
    private ExecutionPlan plan;
    /** Why this function cannot use a compiled plan; null while it can. */
    private String refusal = ENABLED ? null : "compiled plans switched off by -Dflowlab.compiledPlans=false";

    /** {@code purpose} names the call in the log ("training step", "evaluation"). */
    public PlannedFunction(String purpose, SameDiff function, String... requested) {
        this.purpose = purpose;
        this.function = function;
        this.requested = requested.clone();
    }

    /** The requested outputs; arrays the caller owns (never overwritten by a later call). */
    public synchronized Map<String, INDArray> output(Map<String, INDArray> placeholders) {
        if (plan != null && plan.fits(placeholders) && plan.isCurrent()) {
            return plan.run(placeholders);
        }
        if (refusal == null && (plan == null || plan.fits(placeholders))) {
            return compile(placeholders); // first call, or a parameter array was replaced
        }
        return runSession(placeholders);
    }

    /** How calls execute: the compiled plan (with its size) or SameDiff's session (and why). */
    public synchronized String execution() {
        if (plan != null) {
            return String.format(Locale.ROOT, "compiled plan: %,d ops, %,d MiB of buffers", plan.opCount(),
                    plan.bufferBytes() >> 20);
        }
        return "SameDiff session" + (refusal == null ? "" : " (" + refusal + ")");
    }

    private Map<String, INDArray> runSession(Map<String, INDArray> placeholders) {
        // Per call: SameDiff's calculateGradients* calls turn a function's array cache off.
        function.setEnableCache(true);
        return function.output(placeholders, requested);
    }

    /**
     * SameDiff's session for this thread is dropped between the recording and the plan's first run, so the
     * two never hold a call's arrays at the same time.
     */
    private Map<String, INDArray> compile(Map<String, INDArray> placeholders) {
        plan = null;
        function.setEnableCache(true);
        ExecutionPlan.Recording recording = ExecutionPlan.record(function, placeholders, requested);
        Map<String, INDArray> expected = recording.outputs();
        SessionCache.drop(function);
        try {
            ExecutionPlan compiled = ExecutionPlan.compile(function, recording, placeholders);
            Map<String, INDArray> actual = compiled.run(placeholders);
            String mismatch = firstMismatch(expected, actual);
            if (mismatch != null && !allFinite(expected)) {
                // Float rounding can decide whether a value overflows: no verdict on the plan; try the next call.
                return expected;
            }
            if (mismatch != null) {
                throw new ExecutionPlan.Unsupported("the plan's " + mismatch + " differs from SameDiff's");
            }
            plan = compiled;
            LOG.info("{}: {}", purpose, execution());
            return actual;
        } catch (ExecutionPlan.Unsupported | RuntimeException e) {
            refusal = e.getMessage();
            LOG.warn("{} runs on SameDiff's session; no compiled plan: {}", purpose, e.getMessage());
            return expected;
        }
    }

    private static boolean allFinite(Map<String, INDArray> values) {
        for (INDArray value : values.values()) {
            if (value.dataType().isFPType() && !Double.isFinite(value.sumNumber().doubleValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * How {@code got} differs from {@code want} beyond float rounding (1e-4 of the largest finite magnitude), or
     * null; non-finite values must match exactly, in kind and place.
     */
    private static String floatDifference(INDArray want, INDArray got) {
        double[] w = want.castTo(DataType.DOUBLE).reshape(want.length()).toDoubleVector();
        double[] g = got.castTo(DataType.DOUBLE).reshape(got.length()).toDoubleVector();
        double scale = 1.0;
        for (double value : w) {
            if (Double.isFinite(value)) {
                scale = Math.max(scale, Math.abs(value));
            }
        }
        double largest = 0;
        for (int i = 0; i < w.length; i++) {
            if (Double.isFinite(w[i]) && Double.isFinite(g[i])) {
                largest = Math.max(largest, Math.abs(g[i] - w[i]));
            } else if (Double.compare(w[i], g[i]) != 0) {
                return "element " + i + " is " + g[i] + ", SameDiff's " + w[i];
            }
        }
        return largest <= 1e-4 * scale ? null : "max difference " + largest;
    }

    /** The first requested output that differs beyond float rounding, or null. */
    private static String firstMismatch(Map<String, INDArray> expected, Map<String, INDArray> actual) {
        for (Map.Entry<String, INDArray> entry : expected.entrySet()) {
            INDArray want = entry.getValue();
            INDArray got = actual.get(entry.getKey());
            if (got == null || !Arrays.equals(got.shape(), want.shape())) {
                return "output " + entry.getKey() + " shape";
            }
            if (!want.dataType().isFPType()) {
                if (!got.equals(want)) {
                    return "output " + entry.getKey();
                }
                continue;
            }
            String difference = floatDifference(want, got);
            if (difference != null) {
                return "output " + entry.getKey() + " (" + difference + ")";
            }
        }
        return null;
    }
}
