package org.flowlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatasetsTest {

    @Test
    void listsTheBuiltInDatasets() {
        assertThat(Datasets.names()).containsExactly("mnist", "fashion-mnist", "cifar10", "synthetic");
        for (String name : Datasets.names()) {
            assertThat(Datasets.get(name).name()).isEqualTo(name);
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Datasets.get("imagenet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("imagenet")
                .hasMessageContaining("mnist, fashion-mnist, cifar10, synthetic");
        assertThatThrownBy(() -> Datasets.get(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAreCaseInsensitive() {
        assertThat(Datasets.get("CIFAR10").name()).isEqualTo("cifar10");
    }

    @Test
    void providersReportTheirImageShapes() {
        assertThat(Datasets.get("cifar10")).extracting(DatasetProvider::channels, DatasetProvider::height, DatasetProvider::width)
                .containsExactly(3, 32, 32);
        assertThat(Datasets.get("fashion-mnist")).extracting(DatasetProvider::channels, DatasetProvider::height, DatasetProvider::width)
                .containsExactly(1, 28, 28);
        assertThat(Datasets.get("synthetic")).extracting(DatasetProvider::channels, DatasetProvider::height, DatasetProvider::width)
                .containsExactly(1, 8, 8);
    }

    @Test
    void downloadingSyntheticNeedsNothing() {
        Datasets.download("synthetic", DataDirectory.of(Path.of("/nonexistent")));
    }
}
