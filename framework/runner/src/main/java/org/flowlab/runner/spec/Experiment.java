package org.flowlab.runner.spec;

import java.util.List;

/**
 * An experiment file after parsing and validation of its own content (plugin options are checked per
 * trial by the planner, because a sweep may change which plugin they belong to).
 *
 * @param source     the file as the user named it, used in every message
 * @param text       the file's content as read (kept with each sweep in the run store)
 * @param fileSha256 hash of {@code text}, recorded in provenance
 * @param overrides  the {@code --set} arguments, in order
 * @param notices    things the user should know but that are not errors (e.g. an override pinned a swept key)
 */
public record Experiment(String name, String description, String source, String text, String fileSha256,
                         List<String> overrides, ConfigDraft base, SweepSpec sweep, List<String> notices) {
}
