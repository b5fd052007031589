package org.vmoe4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.config.MoeConfig;

/** Which terms each routing mode adds, and that the noise only acts in training. */
class VMoeGateTest {
    private static final MoeConfig BASE = MoeConfig.mobileVMoe().sized(4, 2, 2, MoeConfig.Router.IMAGE_MEAN);
    private NDManager manager;
    private NDArray logits;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(5);
        logits = manager.randomNormal(new Shape(64, 4));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void superClassRoutingIsMvEquationTwoWithoutLosses() {
        ForwardContext training = new ForwardContext(true, true, Dispatch.SPARSE);
        Routing routing = new VMoeGate(BASE.routedBy(org.vmoe4j.config.Routing.SUPERCLASS, null)).route(logits, training);
        assertThat(training.auxLoss()).isNull();
        NDArray top = logits.softmax(-1).topK(2, -1, true, true).get(0);
        assertThat(routing.gates().toFloatArray()).containsExactly(top.toFloatArray());
    }

    @Test
    void learnedRoutingAddsImportanceAlwaysAndLoadOnlyUnderNoise() {
        MoeConfig learned = BASE.routedBy(org.vmoe4j.config.Routing.LEARNED_TOKEN, null);
        ForwardContext inference = ForwardContext.forInference();
        Routing clean = new VMoeGate(learned).route(logits, inference);
        float importance = LoadBalance.vmoeImportance(logits.softmax(-1)).getFloat();
        assertThat(inference.auxLoss().getFloat()).isCloseTo(0.005f * importance, within(1e-7f));

        ForwardContext training = ForwardContext.forTraining();
        Routing noisy = new VMoeGate(learned).route(logits, training);
        assertThat(training.auxLoss().getFloat()).isGreaterThan(0.005f * importance);
        // the noise (std 1/E = 0.25) moves some gates but leaves the logits the router loss reads untouched
        assertThat(noisy.gates().toFloatArray()).isNotEqualTo(clean.gates().toFloatArray());
        assertThat(noisy.logits().toFloatArray()).containsExactly(logits.toFloatArray());
    }

    @Test
    void routingModesResolveToVMoeSettings() {
        MoeConfig token = BASE.routedBy(org.vmoe4j.config.Routing.LEARNED_TOKEN, null);
        assertThat(token.router()).isEqualTo(MoeConfig.Router.TOKEN);
        assertThat(token.capacityRatio()).isEqualTo(1.05);
        assertThat(token.noise()).isEqualTo(1.0);
        assertThat(BASE.routedBy(org.vmoe4j.config.Routing.LEARNED_TOKEN, 2.0).capacityRatio()).isEqualTo(2.0);
        MoeConfig image = BASE.routedBy(org.vmoe4j.config.Routing.LEARNED_IMAGE, null);
        assertThat(image.perImage()).isTrue();
        assertThat(image.capacityRatio()).isZero();
        assertThat(image.loadWeight()).isEqualTo(0.005);
        assertThat(BASE.routedBy(org.vmoe4j.config.Routing.SUPERCLASS, null).importanceWeight()).isZero();
    }
}
