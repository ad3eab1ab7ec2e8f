package org.flowlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flowlab.runner.spec.ExperimentLoader;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlanner;
import org.junit.jupiter.api.Test;

/**
 * A trial's id is the hash of its canonical config, and the run store finds earlier results by it: a new plugin or
 * a new setting with a default must leave the ids of existing experiment files as they were, or every stored run
 * would be rerun and no longer compared with new ones. The literal below is the id the quickstart's first trial had
 * before issue 17 (spline coupling, class conditioning, dequantisation plugins) added components and settings. Since
 * then the file itself evaluates more often (issue 15: {@code evalEvery: 15, evalImages: 100}), which rightly gives
 * it new ids; the overrides put back the two values it had, so the check is about the code, not the file.
 */
class StoredTrialIdsTest {

    @Test
    void theQuickstartsFirstTrialKeepsItsId() {
        List<PlannedTrial> trials = new SweepPlanner(Wiring.registry()).plan(new ExperimentLoader(Wiring.registry())
                .load(Cli.projectRoot().resolve("experiments/quickstart.yaml"),
                        List.of("train.evalEvery=150", "train.evalImages=null"))).trials();
        assertThat(trials.get(0).runName()).isEqualTo("reverse/s1");
        assertThat(trials.get(0).trialId()).isEqualTo("8bce89292d3d");
    }
}
