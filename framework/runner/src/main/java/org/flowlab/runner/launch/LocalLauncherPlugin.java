package org.flowlab.runner.launch;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code local}, the default: trials run on a thread pool in this process ({@code --parallel N} at once). */
public final class LocalLauncherPlugin implements LauncherPlugin {

    @Override
    public String name() {
        return LaunchSettings.DEFAULT;
    }

    @Override
    public String description() {
        return "trials on this machine, --parallel N at once in this process (the default)";
    }

    @Override
    public List<String> settingsHelp() {
        return List.of("no settings; --parallel N runs N trials at once, each with cores/N ND4J threads");
    }

    /**
     * A cluster setting given on the command line with the local launcher is a mistake; one in the file's
     * launcher: block is ignored, so a file written for a cluster still runs here with {@code --launcher local}.
     */
    @Override
    public List<SettingProblem> validate(LaunchSettings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        if (settings.master() != null && fromCommandLine(settings, "master")) {
            problems.add(new SettingProblem("launcher.master", "the local launcher has no master; give one only "
                    + "with a cluster launcher, e.g. --launcher spark --master spark://HOST:7077"));
        }
        if (settings.shipData() && fromCommandLine(settings, "shipData")) {
            problems.add(new SettingProblem("launcher.shipData", "the local launcher reads the data where it is; "
                    + "--ship-data is for a cluster launcher (--launcher spark)"));
        }
        return problems;
    }

    private static boolean fromCommandLine(LaunchSettings settings, String key) {
        return settings.location(key).source().startsWith("--");
    }

    @Override
    public Launcher start(LaunchSettings settings, PrintStream out) {
        return new LocalLauncher();
    }
}
