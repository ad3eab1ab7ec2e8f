package org.flowlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.flowlab.runner.store.TrialOutcome;
import org.flowlab.runner.sweep.PlannedTrial;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    private static PlannedTrial trial(String name) {
        return new PlannedTrial(0, name.replace('/', '-'), name, name, Map.of(), 1, null);
    }

    private static String drive(boolean terminal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal);
        PlannedTrial a = trial("reverse/s1");
        PlannedTrial b = trial("conv1x1-lu/s1");
        progress.sweepStarted(2, 1);
        progress.trialStarted(a, 1);
        progress.trialSteps(a, 10);
        for (int step = 1; step <= 10; step++) {
            progress.trialStep(a, step, 3.0 - step * 0.1);
        }
        progress.trialFinished(a, new TrialOutcome(1.5, 1.6, 10, 10, 12));
        progress.trialStarted(b, 2);
        progress.trialFailed(b, "loss became NaN at step 3");
        progress.sweepFinished();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalOnlyTrialStartsAndEndsArePrinted() {
        assertThat(drive(false).lines().toList()).isEqualTo(List.of(
                "[1/2] reverse/s1 started",
                "[1/2] reverse/s1 finished: test bpd 1.5000, 12s",
                "[2/2] conv1x1-lu/s1 started (attempt 2)",
                "[2/2] conv1x1-lu/s1 FAILED: loss became NaN at step 3"));
    }

    @Test
    void onATerminalAStatusLineIsRedrawnInPlace() {
        String out = drive(true);
        assertThat(out).contains("\r\033[Ksweep [............] 0/2 | reverse/s1 starting")
                .contains("\r\033[K[1/2] reverse/s1 finished: test bpd 1.5000, 12s\n")
                .contains("\r\033[K[2/2] conv1x1-lu/s1 FAILED: loss became NaN at step 3\n")
                .doesNotContain("started");
        assertThat(out).endsWith("\r\033[K");
    }

    @Test
    void barsAndDurations() {
        assertThat(ConsoleProgress.bar(5, 10, 10)).isEqualTo("[#####.....]");
        assertThat(ConsoleProgress.bar(0, 0, 4)).isEqualTo("[....]");
        assertThat(Durations.format(3.24)).isEqualTo("3.2s");
        assertThat(Durations.format(75)).isEqualTo("1m15s");
        assertThat(Durations.format(3700)).isEqualTo("1h01m");
    }
}
