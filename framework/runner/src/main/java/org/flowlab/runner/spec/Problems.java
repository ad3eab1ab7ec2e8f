package org.flowlab.runner.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects problems in the order found, once each (a sweep repeats the same mistake in many trials). */
public final class Problems {

    private final Set<Problem> problems = new LinkedHashSet<>();

    public void add(Location location, String path, String message) {
        problems.add(new Problem(location, path, message));
    }

    public void addAll(Problems other) {
        problems.addAll(other.problems);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** In file order (a stable sort by line); problems without a line (overrides, defaults) after them. */
    public List<Problem> list() {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(java.util.Comparator.comparingInt(p -> p.location().line() > 0 ? p.location().line() : Integer.MAX_VALUE));
        return sorted;
    }

    public void throwIfAny(String source) {
        if (!problems.isEmpty()) {
            throw new InvalidExperimentException(source, list());
        }
    }
}
