package org.flowlab.launcher.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flowlab.runner.launch.LaunchSettings;
import org.flowlab.runner.launch.Launcher;
import org.flowlab.runner.launch.LauncherPlugin;

/** {@code spark}: one trial = one Spark task on a cluster; {@code flowlab run} is the driver and keeps the store. */
public final class SparkLauncherPlugin implements LauncherPlugin {

    static final int DEFAULT_CONNECT_SECONDS = 60;

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public String description() {
        return "trials as Spark tasks on a cluster (standalone, YARN, Kubernetes); this process is the driver and "
                + "keeps the run store";
    }

    @Override
    public List<String> settingsHelp() {
        return List.of(
                "master: " + SparkMasterUrl.VALID + " (--master)",
                "threads: cores per trial = spark.task.cpus, each trial's ND4J threads (default 1)",
                "shipData: true sends the dataset files with the job (--ship-data); default: each worker reads "
                        + "dataset.dataDir itself",
                "connectSeconds: how long to wait for the master and a first executor (default "
                        + DEFAULT_CONNECT_SECONDS + ")",
                "conf: {spark.executor.memory: 2g, ...} passed to Spark unchanged");
    }

    @Override
    public List<SettingProblem> validate(LaunchSettings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        Optional<String> badMaster = SparkMasterUrl.problem(settings.master());
        badMaster.ifPresent(p -> problems.add(new SettingProblem("launcher.master", p)));
        if (badMaster.isEmpty()) {
            problems.addAll(ClusterManagerSetup.problems(settings.master(), settings.conf(), System.getenv()));
        }
        settings.conf().keySet().stream().filter(k -> !k.startsWith("spark."))
                .forEach(k -> problems.add(new SettingProblem("launcher.conf",
                        "'" + k + "' is not a Spark setting (they start with 'spark.')")));
        return problems;
    }

    @Override
    public Launcher start(LaunchSettings settings, PrintStream out) {
        return SparkTrialLauncher.connect(settings, out);
    }
}
