package org.flowlab.runner.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuInfoTest {

    @Test
    void reportsTheModelAndTheWidestVectorExtension() {
        List<String> avx512 = List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "model name\t: AMD EPYC",
                "flags\t\t: fpu sse sse2 sse4_2 avx avx2 avx512f avx512bw", "", "processor\t: 1", "model name\t: AMD EPYC");
        List<String> avx2 = List.of("model name\t: AMD EPYC 7B13", "flags\t\t: fpu sse4_2 avx avx2 fma");

        assertThat(CpuInfo.describe(avx512, "amd64")).isEqualTo("AMD EPYC, avx512f");
        assertThat(CpuInfo.describe(avx2, "amd64")).isEqualTo("AMD EPYC 7B13, avx2");
    }

    @Test
    void fallsBackToTheArchitectureWhereTheFileSaysNothing() {
        assertThat(CpuInfo.describe(List.of(), "aarch64")).isEqualTo("aarch64");
        assertThat(CpuInfo.describe(List.of("Features\t: fp asimd evtstrm"), "aarch64")).isEqualTo("aarch64, asimd");
    }

    @Test
    void detectsSomethingOnThisMachine() {
        assertThat(CpuInfo.detect()).isNotBlank();
    }
}
