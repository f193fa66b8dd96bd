package dev.lmaas.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingBase64Test {

    @Test
    void theFloatBitsTravelExactly() {
        Random random = new Random(19);
        float[] embedding = new float[384];
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = (float) random.nextGaussian() / 20;
        }
        embedding[0] = -0.0f;
        embedding[1] = Float.MIN_VALUE;
        embedding[2] = Float.MAX_VALUE;
        float[] back = EmbeddingBase64.decode(EmbeddingBase64.encode(embedding));
        assertThat(back).hasSize(384);
        for (int i = 0; i < embedding.length; i++) {
            assertThat(Float.floatToRawIntBits(back[i])).as("value %d", i).isEqualTo(Float.floatToRawIntBits(embedding[i]));
        }
    }

    @Test
    void isOpenAisLayoutLittleEndianFloat32() {
        // 1.0f = 0x3F800000: little-endian bytes 00 00 80 3F
        assertThat(EmbeddingBase64.encode(new float[] {1.0f})).isEqualTo("AACAPw==");
        assertThat(EmbeddingBase64.decode("AACAPw==")).containsExactly(1.0f);
    }

    @Test
    void refusesWhatIsNotWholeFloats() {
        assertThatThrownBy(() -> EmbeddingBase64.decode("AACA")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 bytes");
        assertThatThrownBy(() -> EmbeddingBase64.decode("not base64!")).isInstanceOf(IllegalArgumentException.class);
    }
}
