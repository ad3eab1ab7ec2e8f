package org.flowlab.runner.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowlab.api.config.DataConfig;
import org.flowlab.data.DataDirectory;
import org.flowlab.data.DatasetException;
import org.flowlab.data.Datasets;
import org.flowlab.runner.store.FolderPaths;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlan;

/**
 * Checks before the first trial that every dataset the sweep reads is on disk. Without it a missing
 * file would fail each trial in turn with the same message; with it nothing starts and the user is
 * told once which file to fetch and how. A data folder that is not a folder at all (a file given by
 * mistake) is told apart: that is a setting to fix, not something to download into.
 */
public final class DataPreflight {

    /**
     * @param badFolders   data folders that are files (or lie inside one): a setting to fix
     * @param missingFiles datasets whose files are missing from a proper folder: fetch them
     */
    public record Findings(List<String> badFolders, List<String> missingFiles) {

        public boolean isEmpty() {
            return badFolders.isEmpty() && missingFiles.isEmpty();
        }

        public List<String> all() {
            List<String> all = new ArrayList<>(badFolders);
            all.addAll(missingFiles);
            return all;
        }
    }

    private DataPreflight() {
    }

    /** One message per dataset and data folder whose files are missing; empty when everything is there. */
    public static List<String> problems(SweepPlan plan) {
        return check(plan).all();
    }

    public static Findings check(SweepPlan plan) {
        Map<String, DataConfig> distinct = new LinkedHashMap<>();
        Map<String, Integer> trialCounts = new LinkedHashMap<>();
        for (PlannedTrial trial : plan.trials()) {
            DataConfig data = trial.config().data();
            String key = data.name() + "\u0000" + data.dataDir();
            distinct.putIfAbsent(key, data);
            trialCounts.merge(key, 1, Integer::sum);
        }
        List<String> badFolders = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        distinct.forEach((key, data) -> {
            int trials = trialCounts.get(key);
            String count = " (" + trials + (trials == 1 ? " trial" : " trials") + "): ";
            DataDirectory folder = DataDirectory.resolve(data.dataDir());
            try {
                Datasets.get(data.name()).requirePresent(folder);
            } catch (DatasetException e) {
                // Only a dataset that needs files gets here, so a synthetic one never trips over a bad folder.
                Optional<String> notAFolder = FolderPaths.whyNotAFolder(folder.root());
                if (notAFolder.isPresent()) {
                    String setting = data.dataDir() != null ? "dataset.dataDir"
                            : folder.origin().contains(DataDirectory.ENV_VAR) ? DataDirectory.ENV_VAR
                            : "the default data folder";
                    badFolders.add(plan.experiment().source() + ": " + setting + " = " + folder.root() + count
                            + folder.root() + " " + notAFolder.get() + "; it must name the folder that holds " + data.name()
                            + "/ (as `flowlab download " + data.name() + " --data-dir DIR` creates it)");
                    return;
                }
                missing.add(plan.experiment().source() + ": dataset.name = " + data.name() + count + e.getMessage()
                        + "\n  fetch it with: flowlab download " + data.name()
                        + (data.dataDir() == null ? "" : " --data-dir " + data.dataDir())
                        + "   (or set dataset.dataDir / " + DataDirectory.ENV_VAR + " to where the files are)");
            }
        });
        return new Findings(badFolders, missing);
    }
}
