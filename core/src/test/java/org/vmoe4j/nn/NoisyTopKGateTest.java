package org.vmoe4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmoe4j.io.SafeTensors;

/** The worked examples of ML Eq. 4 (Softmax_k) and Eq. 7–9 (Ψ), as printed in the paper (4 decimals). */
class NoisyTopKGateTest {
    private static final float[] H = {
        4.4742f, -5.6365f, 6.8226f, 0.9960f,
        3.5298f, 2.3049f, 1.2113f, -1.3946f,
        -2.2414f, 0.3925f, 1.6676f, -1.9253f};
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void softmaxKKeepsTheTopTwoOfEq4() {
        NDArray g = NoisyTopKGate.softmaxK(manager.create(H, new Shape(3, 4)), 2).gateMatrix();
        assertRounded(g.toFloatArray(), new float[] {
            0.0872f, 0, 0.9128f, 0,
            0.7729f, 0.2271f, 0, 0,
            0, 0.2184f, 0.7816f, 0});
    }

    @Test
    void psiGivesTheThresholdsOfEq9() {
        NDArray psi = NoisyTopKGate.psi(manager.create(H, new Shape(3, 4)), 2);
        assertRounded(psi.toFloatArray(), new float[] {
            0.9960f, 4.4742f, 0.9960f, 4.4742f,
            1.2113f, 1.2113f, 2.3049f, 2.3049f,
            0.3925f, -1.9253f, -1.9253f, 0.3925f});
    }

    @Test
    void bothAgreeWithTheReferenceScript() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/golden/softmax_k_psi.safetensors").toURI());
        Map<String, NDArray> golden = SafeTensors.read(file, manager);
        NDArray h = golden.get("H");
        assertThat(NoisyTopKGate.softmaxK(h, 2).gateMatrix().toFloatArray())
                .containsExactly(golden.get("softmax_k").toFloatArray(), within(1e-6f));
        assertThat(NoisyTopKGate.psi(h, 2).toFloatArray()).containsExactly(golden.get("psi").toFloatArray(), within(0f));
    }

    private static void assertRounded(float[] actual, float[] printed) {
        assertThat(actual).hasSameSizeAs(printed);
        for (int i = 0; i < printed.length; i++) {
            assertThat(Math.round(actual[i] * 1e4) / 1e4).as("entry %d", i).isCloseTo(printed[i], within(1e-6));
        }
    }
}
