package org.flowlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {

    @Test
    void explicitPathWins() {
        DataDirectory dir = DataDirectory.resolve("/data/explicit", "/data/env", "/home/u");
        assertThat(dir.root()).isEqualTo(Path.of("/data/explicit"));
        assertThat(dir.origin()).isEqualTo("explicit option");
    }

    @Test
    void environmentComesNext() {
        assertThat(DataDirectory.resolve(null, "/data/env", "/home/u").root()).isEqualTo(Path.of("/data/env"));
        assertThat(DataDirectory.resolve("  ", "/data/env", "/home/u").root()).isEqualTo(Path.of("/data/env"));
    }

    @Test
    void homeFolderIsTheDefault() {
        DataDirectory dir = DataDirectory.resolve(null, "", "/home/u");
        assertThat(dir.root()).isEqualTo(Path.of("/home/u/.flowlab/data"));
        assertThat(dir.toString()).contains("/home/u/.flowlab/data", "default");
    }

    @Test
    void leadingTildeMeansHome() {
        assertThat(DataDirectory.resolve(null, "~/datasets", "/home/u").root()).isEqualTo(Path.of("/home/u/datasets"));
    }

    @Test
    void publicResolveUsesTheRealEnvironment() {
        String env = System.getenv(DataDirectory.ENV_VAR);
        Path expected = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".flowlab", "data");
        assertThat(DataDirectory.resolve(null).root()).isEqualTo(expected.toAbsolutePath().normalize());
        assertThat(DataDirectory.resolve("/x/y").root()).isEqualTo(Path.of("/x/y"));
    }

    @Test
    void datasetFoldersAreDirectChildren() {
        DataDirectory dir = DataDirectory.of(Path.of("/data"));
        assertThat(dir.datasetDir("mnist")).isEqualTo(Path.of("/data/mnist"));
        assertThatThrownBy(() -> dir.datasetDir("..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dir.datasetDir("a/b")).isInstanceOf(IllegalArgumentException.class);
    }
}
