package org.flowlab.runner.spec;

/**
 * One thing wrong with an experiment, e.g.
 * {@code experiments/x.yaml:7: model.coupling: unknown coupling 'afine' (did you mean 'affine'?); available: additive, affine}.
 *
 * @param path the YAML key path ({@code model.coupling}, {@code sweep.exclude[0].train.lr}); empty for the whole file
 */
public record Problem(Location location, String path, String message) {

    @Override
    public String toString() {
        return location + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
