package org.flowlab.tracking.mlflow;

import java.util.Map;
import org.flowlab.runner.store.TrialInfo;

/**
 * A trial run's description in MLflow (its note): what its test curve is measured on, since MLflow has no
 * per-metric description and {@code test/bpd} mixes a cheap subset along the curve with the whole test split
 * at the end.
 */
public final class RunNotes {

    private RunNotes() {
    }

    /** From the trial's params (the flattened config); null when they say nothing about evaluation. */
    public static String trial(TrialInfo trial) {
        Map<String, String> params = trial.params();
        String every = params.get("train.evalEvery");
        if (every == null) {
            return null;
        }
        String testSize = params.get("dataset.testSize");
        String whole = testSize == null ? "the whole test split" : "all " + testSize + " test images";
        String subset = params.get("train.evalImages");
        boolean isSubset = subset != null && (testSize == null || parse(subset) < parse(testSize));
        String along = isSubset
                ? "every " + every + " steps on the first " + subset + " test images (a fixed subset, the same for "
                        + "every trial)"
                : "every " + every + " steps on " + whole;
        return "`test/bpd` (bits/dim): " + along + "; the last point, the trial's result, on " + whole + ".";
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
