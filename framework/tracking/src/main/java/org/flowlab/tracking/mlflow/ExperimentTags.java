package org.flowlab.tracking.mlflow;

import java.util.LinkedHashMap;
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
 * </ul>
 */
public final class ExperimentTags {

    public static final String KIND = "mlflow.experimentKind";
    /** MLflow's {@code ExperimentKind.CUSTOM_MODEL_DEVELOPMENT}, shown as "Machine learning". */
    public static final String MODEL_TRAINING = "custom_model_development";
    public static final String NOTE = "mlflow.note.content";
    /** The UI's switch between the GenAI pages and the run table; read from the page address. */
    public static final String WORKFLOW_PARAMETER = "workflowType=machine_learning";

    private ExperimentTags() {
    }

    /** The tags an experiment with this description should carry. */
    public static Map<String, String> of(String description) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(KIND, MODEL_TRAINING);
        if (description != null && !description.isBlank()) {
            tags.put(NOTE, description.strip());
        }
        return tags;
    }

    /** The address of the experiment's run table: the runs tab, in the model-training workflow. */
    public static String runsPage(String serverUri, String experimentId) {
        return serverUri + "/#/experiments/" + experimentId + "/runs?" + WORKFLOW_PARAMETER;
    }
}
