package org.flowlab.tracking.sync;

import java.util.ArrayList;
import java.util.List;

/** What one sync sent; everything zero means the server already had it all. */
public final class SyncReport {

    int experiments;
    int runsCreated;
    int runsFound;
    int paramsAndTags;
    int metricPoints;
    int statuses;
    int artifacts;
    final List<String> problems = new ArrayList<>();

    public int experiments() {
        return experiments;
    }

    public int runsCreated() {
        return runsCreated;
    }

    public int runsFound() {
        return runsFound;
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

    public boolean complete() {
        return problems.isEmpty();
    }

    public boolean sentNothing() {
        return runsCreated == 0 && paramsAndTags == 0 && metricPoints == 0 && statuses == 0 && artifacts == 0;
    }

    @Override
    public String toString() {
        return experiments + " experiment(s), " + (runsCreated + runsFound) + " run(s) (" + runsCreated + " new): sent "
                + paramsAndTags + " params/tags, " + metricPoints + " metric points, " + statuses + " statuses, "
                + artifacts + " artifacts" + (problems.isEmpty() ? "" : "; " + problems.size() + " problem(s)");
    }
}
