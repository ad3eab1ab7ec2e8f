package org.flowlab.api.plugin;

/** Mixes channels between couplings so every channel is eventually transformed (reverse, shuffle, 1x1 convolution). */
public interface Permutation extends LayerComponent {
}
