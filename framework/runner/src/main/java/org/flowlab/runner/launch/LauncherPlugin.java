package org.flowlab.runner.launch;

import java.io.PrintStream;
import java.util.List;

/**
 * The {@code launcher} plugin family: where a sweep's trials run. A jar lists its implementation in
 * {@code META-INF/services/org.flowlab.runner.launch.LauncherPlugin}; {@link Launchers} finds it with
 * {@link java.util.ServiceLoader}, so a Slurm or Ray launcher is one more jar. The runner ships {@code local}
 * (a thread pool in this process, the default); {@code plugins/launcher-spark} adds {@code spark}.
 * A launcher is not a model component: it never changes what a trial is, only where it runs, so it is
 * not part of a trial's config or id.
 */
public interface LauncherPlugin {

    /** The name given to {@code --launcher} and {@code launcher.name}. */
    String name();

    /** One line for {@code flowlab plugins}. */
    String description();

    /** The settings this launcher reads, one line each, for {@code flowlab plugins}. */
    List<String> settingsHelp();

    /**
     * Checks the settings without connecting anywhere. Each problem names its key ({@code launcher.master},
     * {@code launcher.shipData}, ...) and the valid choices.
     */
    List<SettingProblem> validate(LaunchSettings settings);

    /**
     * Connects (a cluster launcher reaches its master here, within a bounded time) before anything is
     * written to the run store. {@code out} receives what the user should see (where trials will run).
     *
     * @throws LaunchException when the launcher cannot start; the message says why and what to do
     */
    Launcher start(LaunchSettings settings, PrintStream out);

    /** A problem with one launcher setting. */
    record SettingProblem(String key, String message) {
    }
}
