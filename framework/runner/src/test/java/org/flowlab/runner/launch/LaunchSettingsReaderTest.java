package org.flowlab.runner.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.util.List;
import org.flowlab.runner.spec.Experiment;
import org.flowlab.runner.spec.ExperimentLoader;
import org.flowlab.runner.spec.InvalidExperimentException;
import org.flowlab.runner.testing.TestRegistry;
import org.junit.jupiter.api.Test;

/** The launcher block and the command line's launcher options, against the launchers found (only local here). */
class LaunchSettingsReaderTest {

    private static final Launchers LOCAL_ONLY = Launchers.discover();
    /** A stand-in for a cluster launcher that accepts any master. */
    private static final Launchers WITH_CLUSTER = new Launchers(List.of(new LocalLauncherPlugin(), new LauncherPlugin() {
        @Override
        public String name() {
            return "cluster";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public List<String> settingsHelp() {
            return List.of();
        }

        @Override
        public List<SettingProblem> validate(LaunchSettings settings) {
            return List.of();
        }

        @Override
        public Launcher start(LaunchSettings settings, PrintStream out) {
            throw new UnsupportedOperationException();
        }
    }));

    private static Experiment experiment(String text) {
        return new ExperimentLoader(TestRegistry.create()).parse(text, "x.yaml", "x", List.of());
    }

    @Test
    void withoutABlockOrOptionsTheSweepRunsLocally() {
        LaunchSettings settings = LaunchSettingsReader.read(experiment("name: x\n"), null, null, false, LOCAL_ONLY);
        assertThat(settings.name()).isEqualTo("local");
        assertThat(LOCAL_ONLY.names()).containsExactly("local");
    }

    /** {@code --set launcher.…} counts as the same line in the file would (it was once read and then ignored). */
    @Test
    void setOverridesReachTheLauncherBlock() {
        Experiment file = new ExperimentLoader(TestRegistry.create()).parse("""
                name: x
                launcher: {name: cluster, master: m1, conf: {spark.executor.memory: 1g}}
                """, "x.yaml", "x", List.of("launcher.conf={spark.executor.memory: 3g}", "launcher.threads=2"));
        LaunchSettings settings = LaunchSettingsReader.read(file, null, null, false, WITH_CLUSTER);
        assertThat(settings.conf()).containsEntry("spark.executor.memory", "3g");
        assertThat(settings.threads()).isEqualTo(2);
        assertThat(settings.master()).isEqualTo("m1");

        Experiment bad = new ExperimentLoader(TestRegistry.create()).parse("name: x\n", "x.yaml", "x",
                List.of("launcher.name=nosuch"));
        assertThatThrownBy(() -> LaunchSettingsReader.read(bad, null, null, false, WITH_CLUSTER))
                .isInstanceOf(InvalidExperimentException.class).hasMessageContaining("nosuch")
                .hasMessageContaining("cluster");
    }

    @Test
    void theCommandLineWinsOverTheFile() {
        Experiment file = experiment("""
                name: x
                launcher: {name: cluster, master: one://a, threads: 2, conf: {spark.x: 1}}
                """);
        LaunchSettings settings = LaunchSettingsReader.read(file, null, "two://b", true, WITH_CLUSTER);
        assertThat(settings).extracting(LaunchSettings::name, LaunchSettings::master, LaunchSettings::shipData,
                LaunchSettings::threads).containsExactly("cluster", "two://b", true, 2);
        assertThat(settings.conf()).containsEntry("spark.x", "1");
    }

    @Test
    void aFileWrittenForAClusterStillRunsLocallyButACommandLineMasterIsAMistake() {
        Experiment file = experiment("""
                name: x
                launcher: {name: cluster, master: one://a}
                """);
        assertThat(LaunchSettingsReader.read(file, "local", null, false, WITH_CLUSTER).name()).isEqualTo("local");
        assertThatThrownBy(() -> LaunchSettingsReader.read(file, "local", "one://a", false, WITH_CLUSTER))
                .isInstanceOf(InvalidExperimentException.class)
                .hasMessageContaining("--master: launcher.master: the local launcher has no master");
    }

    @Test
    void anUnknownLauncherInTheFileIsReportedWithItsLine() {
        Experiment file = experiment("""
                name: x
                launcher: clustr
                """);
        assertThatThrownBy(() -> LaunchSettingsReader.read(file, null, null, false, WITH_CLUSTER))
                .isInstanceOf(InvalidExperimentException.class)
                .hasMessageContaining("x.yaml:2: launcher.name: unknown launcher 'clustr' (did you mean 'cluster'?); "
                        + "available: cluster, local");
    }
}
