package org.flowlab.runner.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowlab.api.config.DataConfig;
import org.flowlab.data.DataDirectory;
import org.flowlab.data.DatasetException;
import org.flowlab.data.Datasets;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlan;

/**
 * Checks before the first trial that every dataset the sweep reads is on disk. Without it a missing
 * file would fail each trial in turn with the same message; with it nothing starts and the user is
 * told once which file to fetch and how.
 */
public final class DataPreflight {

    private DataPreflight() {
    }

    /** One message per dataset and data folder whose files are missing; empty when everything is there. */
    public static List<String> problems(SweepPlan plan) {
        Map<String, DataConfig> distinct = new LinkedHashMap<>();
        Map<String, Integer> trialCounts = new LinkedHashMap<>();
        for (PlannedTrial trial : plan.trials()) {
            DataConfig data = trial.config().data();
            String key = data.name() + "\u0000" + data.dataDir();
            distinct.putIfAbsent(key, data);
            trialCounts.merge(key, 1, Integer::sum);
        }
        List<String> problems = new ArrayList<>();
        distinct.forEach((key, data) -> {
            try {
                Datasets.get(data.name()).requirePresent(DataDirectory.resolve(data.dataDir()));
            } catch (DatasetException e) {
                int trials = trialCounts.get(key);
                problems.add(plan.experiment().source() + ": dataset.name = " + data.name() + " (" + trials
                        + (trials == 1 ? " trial" : " trials") + "): " + e.getMessage()
                        + "\n  fetch it with: flowlab download " + data.name()
                        + (data.dataDir() == null ? "" : " --data-dir " + data.dataDir())
                        + "   (or set dataset.dataDir / " + DataDirectory.ENV_VAR + " to where the files are)");
            }
        });
        return problems;
    }
}
