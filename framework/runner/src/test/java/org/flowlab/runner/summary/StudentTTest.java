package org.flowlab.runner.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StudentTTest {

    @Test
    void quantilesMatchTheTablesAndScipy() {
        // Two-sided 95 % critical values as printed in every t table (3 decimals) ...
        double[][] table = {{1, 12.706}, {2, 4.303}, {3, 3.182}, {4, 2.776}, {5, 2.571}, {10, 2.228}, {30, 2.042},
                {120, 1.980}};
        for (double[] row : table) {
            assertThat(StudentT.quantile(0.975, row[0])).as("df %s", row[0]).isCloseTo(row[1], within(5e-4));
        }
        // ... and to 1e-9 against scipy.stats.t.ppf 1.17.1 (integer and fractional df, other levels).
        assertThat(StudentT.quantile(0.975, 1)).isCloseTo(12.706204736174694, within(1e-9));
        assertThat(StudentT.quantile(0.975, 2)).isCloseTo(4.302652729749462, within(1e-9));
        assertThat(StudentT.quantile(0.975, 4)).isCloseTo(2.7764451051977934, within(1e-9));
        assertThat(StudentT.quantile(0.975, 7)).isCloseTo(2.364624251592784, within(1e-9));
        assertThat(StudentT.quantile(0.975, 2.5)).isCloseTo(3.5746548420036817, within(1e-9));
        assertThat(StudentT.quantile(0.975, 3.7)).isCloseTo(2.8675207071911895, within(1e-9));
        assertThat(StudentT.quantile(0.975, 1e6)).isCloseTo(1.959966356814107, within(1e-6));
        assertThat(StudentT.quantile(0.995, 4)).isCloseTo(4.604094871349992, within(1e-9));
        assertThat(StudentT.quantile(0.025, 3)).isCloseTo(-3.1824463052837086, within(1e-9));
        assertThat(StudentT.quantile(0.9999, 1)).isCloseTo(3183.098757118502, within(1e-6));
    }

    @Test
    void cdfMatchesScipy() {
        assertThat(StudentT.cdf(1.5, 3)).isCloseTo(0.8847080673775886, within(1e-12));
        assertThat(StudentT.cdf(-2.0, 7)).isCloseTo(0.042809664281488025, within(1e-12));
        assertThat(StudentT.cdf(0, 5)).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void nonsenseGivesNaN() {
        assertThat(StudentT.quantile(0.975, 0)).isNaN();
        assertThat(StudentT.quantile(1.0, 3)).isNaN();
    }
}
