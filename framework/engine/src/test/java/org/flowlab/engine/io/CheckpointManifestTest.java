package org.flowlab.engine.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.DataConfig;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.config.TrainConfig;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.api.layer.TensorShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointManifestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static TrialConfig config(ModelConfig model) {
        return new TrialConfig(new DataConfig("mnist", 8, null, null, null), model,
                new TrainConfig(null, 10, 16, 1e-3, 0, 0.0, 5, 16, 1));
    }

    private Path checkpointWithManifest(ObjectNode manifest) throws Exception {
        Path file = dir.resolve("model.zip");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(JSON.writeValueAsBytes(manifest));
            zip.closeEntry();
        }
        return file;
    }

    private static ObjectNode manifest(TrialConfig config) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.set("config", JSON.valueToTree(config));
        manifest.set("inputShape", JSON.valueToTree(new TensorShape(1, 28, 28)));
        return manifest;
    }

    @Test
    void theConfigRoundTripsWithItsPreprocessing() throws Exception {
        ModelConfig logit = ModelConfig.glow(2, 4, 32).with("preprocessing", new ComponentChoice("logit", Map.of("alpha", 0.05)));
        Checkpoint.Contents contents = Checkpoint.read(checkpointWithManifest(manifest(config(logit))));
        assertThat(contents.config().model()).isEqualTo(logit);
    }

    @Test
    void aCheckpointSavedBeforeThePreprocessingFamilyExistedLoadsWithout() throws Exception {
        ObjectNode manifest = manifest(config(ModelConfig.glow(2, 4, 32)));
        ((ObjectNode) manifest.get("config").get("model")).remove("preprocessing");
        Checkpoint.Contents contents = Checkpoint.read(checkpointWithManifest(manifest));
        assertThat(contents.config().model().preprocessing()).isEqualTo(ModelConfig.NO_PREPROCESSING);
        assertThat(contents.config().model()).isEqualTo(ModelConfig.glow(2, 4, 32));
    }

    @Test
    void theConfigRoundTripsWithItsDequantizationAndConditioning() throws Exception {
        ModelConfig model = ModelConfig.glow(2, 4, 32)
                .with("dequantization", new ComponentChoice("variational", Map.of("depth", 2, "hidden", 8)))
                .withConditioning("class");
        TrialConfig config = new TrialConfig(new DataConfig("mnist", 8, null, null, null), model,
                new TrainConfig(null, 10, 16, 1e-3, 0, 0.0, 5, 16, 1, 0.5));
        Checkpoint.Contents contents = Checkpoint.read(checkpointWithManifest(manifest(config)));
        assertThat(contents.config()).isEqualTo(config);
    }

    @Test
    void aCheckpointSavedBeforeDequantizationAndConditioningExistedLoadsAsUniformAndUnconditional() throws Exception {
        ObjectNode manifest = manifest(config(ModelConfig.glow(2, 4, 32)));
        ((ObjectNode) manifest.get("config").get("model")).remove(java.util.List.of("dequantization", "conditioning"));
        ((ObjectNode) manifest.get("config").get("train")).remove("classWeight");
        Checkpoint.Contents contents = Checkpoint.read(checkpointWithManifest(manifest));
        assertThat(contents.config().model().dequantization()).isEqualTo(ModelConfig.UNIFORM_DEQUANTIZATION);
        assertThat(contents.config().model().classConditional()).isFalse();
        assertThat(contents.config().train().classWeight()).isZero();
        assertThat(contents.config()).isEqualTo(config(ModelConfig.glow(2, 4, 32)));
    }
}
