package org.flowlab.api.plugin;

import java.util.List;
import org.flowlab.api.options.OptionSpec;

/** What every variant of every family says about itself: its name, what it is, and the options it takes. */
public interface Component {

    /** The name configs use to pick it, e.g. {@code conv1x1-lu}. */
    String name();

    /** One line for {@code flowlab plugins}. */
    String description();

    default List<OptionSpec> options() {
        return List.of();
    }
}
