package org.flowlab.runner.launch;

import java.util.List;
import org.flowlab.runner.run.DataPreflight;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlan;

/**
 * A started launcher: runs trials wherever it runs them, and leaves in the driver's run store exactly what
 * a local run leaves (the store is the source of truth). Closed when the run ends.
 */
public interface Launcher extends AutoCloseable {

    /**
     * Before anything is run: one message per dataset file a trial of {@code plan} would miss where trials
     * run (naming the machine, the file and the fix), and data folders that are files; empty when everything is there.
     */
    DataPreflight.Findings dataProblems(SweepPlan plan);

    /**
     * Runs the trials and records each in {@code context.store()} as it ends.
     *
     * @return the trials that did not finish
     * @throws LaunchException when the sweep cannot go on at all (data missing on a worker, the cluster gone)
     */
    List<PlannedTrial> execute(List<LaunchedTrial> trials, LaunchContext context);

    /** Ctrl-C: stops the running trials; the next run of the same command re-runs them. */
    void cancel();

    @Override
    void close();
}
