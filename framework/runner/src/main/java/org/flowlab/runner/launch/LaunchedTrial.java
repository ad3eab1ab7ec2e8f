package org.flowlab.runner.launch;

import org.flowlab.runner.store.TrialInfo;
import org.flowlab.runner.sweep.PlannedTrial;

/** A trial to run, with the identity and tags the sweep gave it. */
public record LaunchedTrial(PlannedTrial trial, TrialInfo info) {
}
