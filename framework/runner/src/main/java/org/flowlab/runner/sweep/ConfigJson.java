package org.flowlab.runner.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.api.plugin.Family;
import org.flowlab.runner.spec.Values;
import org.flowlab.runner.store.StoreJson;

/**
 * The canonical form of a resolved config: the experiment-file layout ({@code dataset}, {@code model} with
 * {@code {name, options...}} per family, {@code train}), keys sorted, nulls left out. Its SHA-256 is the
 * trial's identity: the same settings (defaults included, so writing a default explicitly changes nothing)
 * and the same seed give the same trial, across invocations and files.
 */
public final class ConfigJson {

    /** Hex digits of SHA-256 kept as the trial id: 48 bits, collision-free for any realistic store. */
    static final int ID_LENGTH = 12;

    private ConfigJson() {
    }

    /**
     * @param forIdentity true for the hash: where the data lives is not part of what the trial is
     */
    public static Map<String, Object> canonical(TrialConfig config, boolean forIdentity) {
        Map<String, Object> dataset = new TreeMap<>();
        dataset.put("name", config.data().name());
        dataset.put("nBits", config.data().nBits());
        putIfNotNull(dataset, "trainSize", config.data().trainSize());
        putIfNotNull(dataset, "testSize", config.data().testSize());
        if (!forIdentity) {
            putIfNotNull(dataset, "dataDir", config.data().dataDir());
        }
        Map<String, Object> model = new TreeMap<>();
        model.put("levels", config.model().levels());
        model.put("depth", config.model().depth());
        model.put("hidden", config.model().hidden());
        if (!forIdentity || config.model().classConditional()) {
            // Unconditional trials keep the ids they had before conditioning existed.
            model.put("conditioning", config.model().conditioning());
        }
        for (Family family : Family.values()) {
            ComponentChoice choice = config.model().choice(family.key());
            if (forIdentity && isPreFamilyDefault(family, choice)) {
                // These families came after the first run stores: trials with their defaults keep their ids, so
                // a sweep started before them still resumes instead of re-running every trial.
                continue;
            }
            Map<String, Object> plugin = new TreeMap<>(choice.options());
            plugin.put("name", choice.name());
            model.put(family.key(), plugin);
        }
        Map<String, Object> train = new TreeMap<>();
        putIfNotNull(train, "epochs", config.train().epochs());
        putIfNotNull(train, "steps", config.train().steps());
        train.put("batchSize", config.train().batchSize());
        train.put("lr", config.train().lr());
        train.put("warmupSteps", config.train().warmupSteps());
        train.put("gradClip", config.train().gradClip());
        train.put("evalEvery", config.train().evalEvery());
        train.put("evalBatchSize", config.train().evalBatchSize());
        // Left out while unset (the default), so trials from before the option keep their ids.
        putIfNotNull(train, "evalImages", config.train().evalImages());
        train.put("seed", config.train().seed());
        if (!forIdentity || config.train().classWeight() != 0) {
            train.put("classWeight", config.train().classWeight());
        }
        Map<String, Object> root = new TreeMap<>();
        root.put("dataset", dataset);
        root.put("model", model);
        root.put("train", train);
        return root;
    }

    /** The choice every trial made before its family existed: no preprocessing, uniform dequantisation. */
    private static boolean isPreFamilyDefault(Family family, ComponentChoice choice) {
        return family == Family.PREPROCESSING && choice.equals(ModelConfig.NO_PREPROCESSING)
                || family == Family.DEQUANTIZATION && choice.equals(ModelConfig.UNIFORM_DEQUANTIZATION);
    }

    public static JsonNode toJson(TrialConfig config) {
        return StoreJson.MAPPER.valueToTree(canonical(config, false));
    }

    public static String trialId(TrialConfig config) {
        try {
            String json = StoreJson.MAPPER.writeValueAsString(canonical(config, true));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, ID_LENGTH);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The flattened config, as MLflow params and summary columns: {@code model.coupling → affine},
     * {@code model.coupling.scale → exp}, {@code train.lr → 0.001}. Unset values are left out.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, String> flatten(TrialConfig config) {
        Map<String, String> flat = new LinkedHashMap<>();
        Map<String, Object> root = canonical(config, false);
        for (String section : new String[] {"dataset", "model", "train"}) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) root.get(section)).entrySet()) {
                String key = section + "." + e.getKey();
                if (e.getValue() instanceof Map<?, ?> plugin) {
                    flat.put(key, String.valueOf(plugin.get("name")));
                    plugin.entrySet().stream().filter(o -> !o.getKey().equals("name"))
                            .forEach(o -> flat.put(key + "." + o.getKey(), Values.format(o.getValue())));
                } else {
                    flat.put(key, Values.format(e.getValue()));
                }
            }
        }
        return flat;
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
