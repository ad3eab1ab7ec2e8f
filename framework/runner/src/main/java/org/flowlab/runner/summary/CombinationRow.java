package org.flowlab.runner.summary;

import java.util.Map;

/**
 * One row of the summary: a combination of swept values, over its seeds.
 *
 * @param stdTestBpd sample standard deviation (n − 1) over the finished seeds; NaN with fewer than two
 * @param best       true for the row with the lowest mean test bits/dim
 */
public record CombinationRow(String combination, Map<String, String> swept, int planned, int finished, int failed,
                             double meanTestBpd, double stdTestBpd, double bestTestBpd, double meanTrainBpd,
                             long parameterCount, double meanSeconds, boolean best) {
}
