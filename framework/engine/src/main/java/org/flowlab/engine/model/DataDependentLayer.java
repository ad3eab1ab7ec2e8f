package org.flowlab.engine.model;

import org.flowlab.api.layer.DataDependentInit;

/** A data-dependent layer and the graph variable that carries its input, in forward order. */
public record DataDependentLayer(DataDependentInit layer, String inputVariable) {
}
