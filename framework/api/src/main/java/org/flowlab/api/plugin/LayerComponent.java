package org.flowlab.api.plugin;

import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.LayerContext;

/** A component that contributes one invertible layer per step of flow. */
public interface LayerComponent extends Component {

    FlowLayer create(LayerContext context);
}
