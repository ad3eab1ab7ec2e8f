package org.flowlab.runner.run;

import java.nio.file.Path;
import java.util.List;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.summary.SweepSummary;
import org.flowlab.runner.sweep.PlannedTrial;

/**
 * What a sweep invocation did.
 *
 * @param failed trials of the plan whose latest attempt failed (this invocation's failures)
 * @param folder the sweep's folder in the run store (summary, charts)
 */
public record SweepResult(SweepInfo sweep, List<PlannedTrial> ran, List<PlannedTrial> skipped,
                          List<PlannedTrial> failed, SweepSummary summary, Path folder) {

    /** 0 when every trial of the plan is finished, 1 when any failed: the process exit code of {@code flowlab run}. */
    public int exitCode() {
        return failed.isEmpty() ? 0 : 1;
    }
}
