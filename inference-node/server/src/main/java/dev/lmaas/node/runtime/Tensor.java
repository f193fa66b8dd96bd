package dev.lmaas.node.runtime;

/** A dense row-major tensor handed to or read from a session, in plain Java arrays. */
public sealed interface Tensor permits Tensor.Int64, Tensor.Float32, Tensor.Bool {

    long[] shape();

    /** A 64-bit integer tensor, e.g. token ids or an attention mask. */
    record Int64(long[] data, long[] shape) implements Tensor {
    }

    /** A boolean tensor, e.g. a merged decoder's {@code use_cache_branch} flag. */
    record Bool(boolean[] data, long[] shape) implements Tensor {
    }

    /** A 32-bit float tensor, e.g. hidden states or logits. */
    record Float32(float[] data, long[] shape) implements Tensor {

        public int dim(int axis) {
            return Math.toIntExact(shape[axis]);
        }
    }
}
