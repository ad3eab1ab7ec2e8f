package org.flowlab.runner.store;

import java.nio.file.Path;
import java.util.List;

/**
 * One invocation of {@code flowlab run} as the run store knows it.
 *
 * @param status          RUNNING while its process is alive; FINISHED when every trial finished; FAILED when
 *                        a trial failed or the process died before the end ({@link RunStore#INTERRUPTED})
 * @param failureReason   null unless FAILED
 * @param trialIds        every trial of the planned sweep in plan order, including those skipped because an
 *                        earlier invocation had already finished them
 * @param skippedTrialIds the subset of {@code trialIds} this invocation did not run (already finished)
 * @param artifacts       sweep-level files: the experiment file as run, the summary table (markdown, CSV), the
 *                        bits/dim curve charts
 * @param folder          the sweep's folder inside the store
 * @param damage          null when its records are whole; otherwise the first problem found (the sweep is then
 *                        FAILED "damaged: …"; with an unreadable {@code sweep.json}, {@code info} holds only the id)
 * @param endedAt         epoch millis of its end record; -1 while it runs, or when its process died (the end
 *                        then is the last end of its trials, see {@code StoreSync})
 */
public record StoredSweep(SweepInfo info, TrialStatus status, String failureReason, List<String> trialIds,
                          List<String> skippedTrialIds, List<StoredArtifact> artifacts, Path folder,
                          StoreDamage damage, long endedAt) {

    public StoredSweep {
        trialIds = List.copyOf(trialIds);
        skippedTrialIds = List.copyOf(skippedTrialIds);
        artifacts = List.copyOf(artifacts);
    }

    /** A sweep without damage. */
    public StoredSweep(SweepInfo info, TrialStatus status, String failureReason, List<String> trialIds,
                       List<String> skippedTrialIds, List<StoredArtifact> artifacts, Path folder) {
        this(info, status, failureReason, trialIds, skippedTrialIds, artifacts, folder, null, -1);
    }

    public boolean damaged() {
        return damage != null;
    }
}
