package org.flowlab.runner.launch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;
import org.flowlab.engine.train.TrialTrainer;
import org.flowlab.runner.run.SweepProgress;
import org.flowlab.runner.spec.Experiment;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.SweepInfo;
import org.flowlab.runner.tracking.Tracker;

/**
 * What the sweep hands its launcher: the driver's store, tracker and progress, and what each trial records.
 *
 * @param experiment the experiment as loaded (a remote launcher re-plans it where the trial runs)
 * @param provenance the sweep's provenance, completed per trial by {@link org.flowlab.runner.run.TrialExecution}
 * @param parallel   trials at once for the local launcher ({@code --parallel}); ND4J threads per trial follow
 * @param threads    ND4J threads per trial
 */
public record LaunchContext(Experiment experiment, SweepInfo sweep, ObjectNode provenance, int parallel, int threads,
                            RunStore store, Supplier<TrialTrainer> trainers, Tracker tracker, SweepProgress progress) {
}
