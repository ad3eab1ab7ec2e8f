package org.flowlab.api.options;

/** The value kinds an option can take; {@code CHOICE} is a string from a fixed list. */
public enum OptionType {
    INT("an integer"),
    DOUBLE("a number"),
    BOOLEAN("true or false"),
    CHOICE("one of the listed choices");

    private final String description;

    OptionType(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
