package org.flowlab.api.plugin;

/** The coupling layer of a step of flow: transforms half the channels conditioned on the other half. */
public interface Coupling extends LayerComponent {
}
