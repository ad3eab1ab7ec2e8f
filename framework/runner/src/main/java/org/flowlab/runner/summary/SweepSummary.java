package org.flowlab.runner.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialOutcome;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlan;

/**
 * Final test bits/dim per combination over its seeds: mean ± standard deviation, the best seed, plus size
 * and time. Built from the run store, so trials finished by an earlier invocation count too.
 */
public record SweepSummary(String experimentName, List<String> sweptKeys, List<CombinationRow> rows) {

    public static SweepSummary of(SweepPlan plan, Map<String, StoredTrial> trialsById) {
        List<CombinationRow> rows = new ArrayList<>();
        for (Map.Entry<String, List<PlannedTrial>> group : plan.byCombination().entrySet()) {
            List<TrialOutcome> outcomes = new ArrayList<>();
            int failed = 0;
            for (PlannedTrial trial : group.getValue()) {
                StoredTrial stored = trialsById.get(trial.trialId());
                if (stored != null && stored.status() == TrialStatus.FINISHED && stored.outcome() != null) {
                    outcomes.add(stored.outcome());
                } else if (stored != null && stored.status() == TrialStatus.FAILED) {
                    failed++;
                }
            }
            double[] test = outcomes.stream().mapToDouble(TrialOutcome::finalTestBpd).toArray();
            rows.add(new CombinationRow(group.getKey(), group.getValue().get(0).swept(), group.getValue().size(),
                    outcomes.size(), failed, Stats.mean(test), Stats.sampleStd(test), Stats.min(test),
                    Stats.mean(outcomes.stream().mapToDouble(TrialOutcome::finalTrainBpd).toArray()),
                    outcomes.isEmpty() ? 0 : outcomes.get(0).parameterCount(),
                    Stats.mean(outcomes.stream().mapToDouble(TrialOutcome::seconds).toArray()), false));
        }
        return new SweepSummary(plan.experiment().name(), plan.sweptKeys(), markBest(rows));
    }

    private static List<CombinationRow> markBest(List<CombinationRow> rows) {
        int best = -1;
        for (int i = 0; i < rows.size(); i++) {
            if (!Double.isNaN(rows.get(i).meanTestBpd())
                    && (best < 0 || rows.get(i).meanTestBpd() < rows.get(best).meanTestBpd())) {
                best = i;
            }
        }
        List<CombinationRow> marked = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CombinationRow r = rows.get(i);
            marked.add(new CombinationRow(r.combination(), r.swept(), r.planned(), r.finished(), r.failed(),
                    r.meanTestBpd(), r.stdTestBpd(), r.bestTestBpd(), r.meanTrainBpd(), r.parameterCount(),
                    r.meanSeconds(), i == best));
        }
        return marked;
    }
}
