package org.flowlab.engine.model;

import java.util.List;
import org.flowlab.api.layer.FlowLayer;

/** One step of flow: normalisation → permutation → coupling (inverted in the opposite order). */
record FlowStep(List<FlowLayer> layers) {
}
