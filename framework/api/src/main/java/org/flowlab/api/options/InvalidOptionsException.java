package org.flowlab.api.options;

import java.util.List;

/** Every problem found in one component's options, so a user fixes them all in one go. */
public class InvalidOptionsException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidOptionsException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
