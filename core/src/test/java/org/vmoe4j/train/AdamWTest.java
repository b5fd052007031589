package org.vmoe4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmoe4j.io.SafeTensors;

/** Four AdamW steps agree with torch.optim.AdamW ({@code tools/make_golden.py}, case adamw). */
class AdamWTest {
    @Test
    void fourStepsMatchPyTorchIncludingWhichParametersDecay() throws Exception {
        Path file = Path.of(AdamWTest.class.getResource("/golden/adamw.safetensors").toURI());
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> golden = SafeTensors.read(file, manager);
            Map<String, NDArray> params = new LinkedHashMap<>();
            golden.forEach((name, value) -> {
                if (name.startsWith("param.")) {
                    NDArray p = value.duplicate();
                    p.setRequiresGradient(true);
                    params.put(name.substring("param.".length()), p);
                }
            });
            float[] lrs = golden.get("lrs").toFloatArray();
            try (AdamW optimizer = new AdamW(params, 0.05, name -> 1.0)) {
                for (int t = 0; t < lrs.length; t++) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = null; // d/dp sum(p * g) = g: the step sees exactly PyTorch's gradient
                        for (var e : params.entrySet()) {
                            NDArray term = e.getValue().mul(golden.get("grad" + t + "." + e.getKey())).sum();
                            loss = loss == null ? term : loss.add(term);
                        }
                        collector.backward(loss);
                    }
                    optimizer.step(lrs[t]);
                }
            }
            assertThat(params).hasSize(5);
            params.forEach((name, p) -> {
                float[] actual = p.toFloatArray();
                float[] expected = golden.get("final." + name).toFloatArray();
                for (int i = 0; i < actual.length; i++) {
                    assertThat((double) actual[i]).as("%s[%d]", name, i).isCloseTo(expected[i], within(1e-6));
                }
            });
        }
    }
}
