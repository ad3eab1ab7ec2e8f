package org.flowlab.api.layer;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The result of pushing a tensor through one invertible piece: the transformed tensor and
 * log|det J| of that transformation, one value per sample (shape [N]).
 */
public record Flowed(SDVariable value, SDVariable logDet) {
}
