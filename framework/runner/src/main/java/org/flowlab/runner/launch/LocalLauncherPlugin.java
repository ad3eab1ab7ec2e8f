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

    @Override
    public List<SettingProblem> validate(LaunchSettings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        if (settings.master() != null) {
            problems.add(new SettingProblem("launcher.master", "the local launcher has no master; give one only "
                    + "with a cluster launcher, e.g. --launcher spark --master spark://HOST:7077"));
        }
        if (settings.shipData()) {
            problems.add(new SettingProblem("launcher.shipData", "the local launcher reads the data where it is; "
                    + "--ship-data is for a cluster launcher (--launcher spark)"));
        }
        if (settings.threads() != null) {
            problems.add(new SettingProblem("launcher.threads", "the local launcher gives each trial cores/N threads "
                    + "from --parallel N; launcher.threads is for a cluster launcher"));
        }
        return problems;
    }

    @Override
    public Launcher start(LaunchSettings settings, PrintStream out) {
        return new LocalLauncher();
    }
}
