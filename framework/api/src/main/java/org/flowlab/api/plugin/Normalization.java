package org.flowlab.api.plugin;

/** Normalises activations per channel at the start of each step of flow (ActNorm, batch norm, none). */
public interface Normalization extends LayerComponent {
}
