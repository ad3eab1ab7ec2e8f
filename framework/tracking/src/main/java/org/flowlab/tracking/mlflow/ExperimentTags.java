package org.flowlab.tracking.mlflow;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment-level tags FlowLab sets, and how MLflow 3.17.2 reads them (checked in its built UI,
 * {@code mlflow/server/js/build}, and its Python server, not guessed):
 * <ul>
 *   <li>{@value #KIND} = {@value #MODEL_TRAINING}: MLflow's own mark of a "Machine learning" (model training)
 *       experiment, the value its UI's experiment-kind selector writes. 3.17.2's UI decides between the GenAI
 *       view (traces) and the run table from its workflow switch instead ({@code ?workflowType=machine_learning}
 *       in the address, else the last choice in the browser, else GenAI), so every link FlowLab prints carries
 *       that parameter ({@link #runsPage}); the tag marks the experiment for the UIs that read it.</li>
 *   <li>{@value #NOTE}: the experiment's description in the UI, from the experiment file's {@code description}.</li>
 *   <li>{@value #PRIMARY_METRIC} = {@code test/bpd}: the experiment's primary metric, which the chart view always
 *       draws (its sections are ordered by name, so the {@code test} section with test bits/dim comes first).</li>
 *   <li>{@value #VIEW_PREFIX}{@value #VIEW_ID}: a saved view of the run table, as the UI's "Views" menu saves one
 *       (an envelope {@code {name, createdAt, updatedAt, state}} whose state is the JSON of the search facets and
 *       UI state the page restores): the trials only, sorted by {@code test/bpd}, with the swept params, the seed
 *       and the bits/dim as columns. {@link #runsPage} opens it ({@code viewStateShareKey}).</li>
 * </ul>
 */
public final class ExperimentTags {

    public static final String KIND = "mlflow.experimentKind";
    /** MLflow's {@code ExperimentKind.CUSTOM_MODEL_DEVELOPMENT}, shown as "Machine learning". */
    public static final String MODEL_TRAINING = "custom_model_development";
    public static final String NOTE = "mlflow.note.content";
    /** The UI's switch between the GenAI pages and the run table; read from the page address. */
    public static final String WORKFLOW_PARAMETER = "workflowType=machine_learning";
    public static final String PRIMARY_METRIC = "mlflow.experiment.primaryMetric.name";
    public static final String VIEW_PREFIX = "mlflow.sharedViewState.";
    public static final String VIEW_ID = "flowlab-trials";
    static final String VIEW_NAME = "FlowLab: trials by test bits/dim";
    static final String TEST_METRIC = "test/bpd";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ExperimentTags() {
    }

    /**
     * The tags an experiment should carry.
     *
     * @param sweptKeys the latest sweep's swept keys ({@code model.permutation}, ...), the view's first columns
     */
    public static Map<String, String> of(String description, List<String> sweptKeys) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(KIND, MODEL_TRAINING);
        if (description != null && !description.isBlank()) {
            tags.put(NOTE, description.strip());
        }
        tags.put(PRIMARY_METRIC, TEST_METRIC);
        tags.put(VIEW_PREFIX + VIEW_ID, trialsView(sweptKeys));
        return tags;
    }

    /**
     * The saved view: fixed times in the envelope, so the same swept keys give the same value and a second sync
     * sends nothing.
     */
    static String trialsView(List<String> sweptKeys) {
        ObjectNode state = JSON.createObjectNode();
        state.put("searchFilter", "tags.`" + RunTags.KIND + "` = '" + RunTags.KIND_TRIAL + "'");
        state.put("orderByKey", column("metrics", TEST_METRIC));
        state.put("orderByAsc", true);
        ArrayNode columns = state.putArray("selectedColumns");
        sweptKeys.stream().filter(k -> !k.isBlank()).forEach(k -> columns.add(column("params", k)));
        if (!sweptKeys.contains("train.seed")) {
            columns.add(column("params", "train.seed"));
        }
        columns.add(column("metrics", TEST_METRIC));
        columns.add(column("metrics", "train/bpd"));
        columns.add(column("attributes", "Duration"));
        state.put("runsHiddenMode", "SHOW_ALL"); // the charts draw every trial, not the first ten
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("name", VIEW_NAME);
        envelope.put("createdAt", 0L);
        envelope.put("updatedAt", 0L);
        envelope.put("state", state.toString());
        return envelope.toString();
    }

    /** The UI's column id: {@code metrics.`test/bpd`}, {@code params.`model.permutation`}. */
    private static String column(String type, String key) {
        return type + ".`" + key + "`";
    }

    /**
     * The address of the experiment's run table: the runs tab in the model-training workflow, opening FlowLab's
     * saved view of the trials.
     */
    public static String runsPage(String serverUri, String experimentId) {
        return serverUri + "/#/experiments/" + experimentId + "/runs?" + WORKFLOW_PARAMETER + "&viewStateShareKey="
                + VIEW_ID;
    }
}
