package org.flowlab.runner.spec;

import java.util.List;

/** Every problem found in an experiment file and its overrides; nothing runs until all are fixed. */
public class InvalidExperimentException extends RuntimeException {

    private final String source;
    private final List<Problem> problems;

    public InvalidExperimentException(String source, List<Problem> problems) {
        super(report(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    public String source() {
        return source;
    }

    /** The text printed to the user: a headline and one problem per line. */
    public static String report(String source, List<Problem> problems) {
        StringBuilder text = new StringBuilder();
        text.append(source).append(": ").append(problems.size()).append(problems.size() == 1 ? " problem" : " problems")
                .append(", nothing was run:");
        problems.forEach(p -> text.append("\n  ").append(p));
        return text.toString();
    }
}
