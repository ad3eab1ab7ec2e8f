package org.flowlab.api.layer;

/** Shape of one sample (channels × height × width); the batch dimension is always dynamic. */
public record TensorShape(int channels, int height, int width) {

    public TensorShape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("shape must be positive, got " + channels + "x" + height + "x" + width);
        }
    }

    public long dims() {
        return (long) channels * height * width;
    }

    public long pixels() {
        return (long) height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
