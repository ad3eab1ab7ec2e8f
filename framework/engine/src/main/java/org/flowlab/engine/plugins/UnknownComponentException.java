package org.flowlab.engine.plugins;

import java.util.List;
import org.flowlab.api.plugin.Family;

/** A config named a component no installed plugin provides. The message lists the ones that exist. */
public class UnknownComponentException extends IllegalArgumentException {

    private final Family family;
    private final String name;
    private final List<String> known;

    public UnknownComponentException(Family family, String name, List<String> known, String suggestion) {
        super("unknown " + family.key() + " '" + name + "'"
                + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
                + "; available: " + String.join(", ", known));
        this.family = family;
        this.name = name;
        this.known = List.copyOf(known);
    }

    public Family family() {
        return family;
    }

    public String name() {
        return name;
    }

    public List<String> known() {
        return known;
    }
}
