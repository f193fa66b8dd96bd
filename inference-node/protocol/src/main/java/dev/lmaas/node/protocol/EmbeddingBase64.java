package dev.lmaas.node.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * An embedding as base64 of its little-endian float32 values: OpenAI's {@code encoding_format: "base64"},
 * and how a node answers the control plane when asked with {@link #HEADER}. Exact (the float bits travel,
 * not a decimal rendering) and cheap: formatting 384 floats as decimal text and parsing them back cost the
 * node and the control plane more than the rest of their JSON together (issue 19's profile).
 */
public final class EmbeddingBase64 {

    /**
     * Request header of {@code POST /internal/v1/infer}: {@code base64} asks for every {@code embedding} as a
     * base64 string instead of an array of numbers. A node that does not know it answers arrays, which the
     * control plane reads as well.
     */
    public static final String HEADER = "x-lmaas-embedding-encoding";
    public static final String BASE64 = "base64";

    private EmbeddingBase64() {
    }

    public static String encode(float[] embedding) {
        ByteBuffer buf = ByteBuffer.allocate(embedding.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(embedding);
        return Base64.getEncoder().encodeToString(buf.array());
    }

    /** @throws IllegalArgumentException not base64, or not a whole number of float32 values */
    public static float[] decode(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("an embedding of " + bytes.length + " bytes is not a whole number of float32 values");
        }
        float[] out = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
