package org.flowlab.tracking.sync;

import java.util.ArrayList;
import java.util.List;

/** What one sync sent; everything zero means the server already had it all. */
public final class SyncReport {

    int experiments;
    int runsCreated;
    int runsFound;
    int runsReplaced;
    int paramsAndTags;
    int metricPoints;
    int statuses;
    int artifacts;
    final List<String> problems = new ArrayList<>();
    final List<String> damaged = new ArrayList<>();

    public int experiments() {
        return experiments;
    }

    public int runsCreated() {
        return runsCreated;
    }

    public int runsFound() {
        return runsFound;
    }

    /** Runs deleted and created again because they held points (or params) the run store does not. */
    public int runsReplaced() {
        return runsReplaced;
    }

    public int paramsAndTags() {
        return paramsAndTags;
    }

    public int metricPoints() {
        return metricPoints;
    }

    public int statuses() {
        return statuses;
    }

    public int artifacts() {
        return artifacts;
    }

    /** Runs that could not be (fully) mirrored, each with the reason; empty after a complete sync. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * Trials and sweeps the run store reports damaged (each naming the file and line), which were not uploaded
     * as if whole.
     */
    public List<String> damaged() {
        return List.copyOf(damaged);
    }

    /** True when everything in the store reached the server: no problem and nothing damaged. */
    public boolean complete() {
        return problems.isEmpty() && damaged.isEmpty();
    }

    public boolean sentNothing() {
        return runsCreated == 0 && runsReplaced == 0 && paramsAndTags == 0 && metricPoints == 0 && statuses == 0 && artifacts == 0;
    }

    @Override
    public String toString() {
        return experiments + " experiment(s), " + (runsCreated + runsFound) + " run(s) (" + runsCreated + " new"
                + (runsReplaced == 0 ? "" : ", " + runsReplaced + " replaced") + "): sent "
                + paramsAndTags + " params/tags, " + metricPoints + " metric points, " + statuses + " statuses, "
                + artifacts + " artifacts" + (problems.isEmpty() ? "" : "; " + problems.size() + " problem(s)")
                + (damaged.isEmpty() ? "" : "; " + damaged.size() + " damaged in the run store, not uploaded");
    }
}
