package org.vmoe4j.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.config.MlitConfig;
import org.vmoe4j.config.Normalization;

/** Run directories written by earlier versions stay readable. */
class RunConfigTest {
    /** A config.json as the version before sparse upcycling wrote it: {@code init} instead of {@code startFrom}. */
    private static final String LEGACY = """
            {"preset":"mlit-xxs","model":{"family":"mlit","imageSize":36,"patchSize":3,"channels":3,"dim":108,
            "depth":9,"hiddenFirst":81,"hiddenLast":27,"heads":6,"groups":3,"expertStages":[3,4,5],"k":2,
            "classes":10,"dropout":0.1,"sharing":"V_W2","importanceWeight":0.01,"loadWeight":0.01},
            "data":"default","recipe":"quick","train":{"epochs":2,"batchSize":64,"lr":0.002,"minLr":1e-06,
            "warmupEpochs":0.2,"weightDecay":0.05,"layerDecay":1.0,"seed":0,"superclasses":null,"routerWeight":0.3,
            "autoAugment":"NONE","cropScaleMin":0.8,"cropScaleMax":1.0,"flipP":0.5,"valFraction":0.05,
            "trainImages":16000,"workers":2,"dispatch":"SPARSE"},"init":%s}
            """;

    @TempDir
    Path dir;

    private RunConfig read(String init) throws Exception {
        Files.writeString(dir.resolve("config.json"), LEGACY.formatted(init));
        return new RunDirectory(dir).readConfig();
    }

    @Test
    void aRunWrittenWithInitNullStartsFromNothing() throws Exception {
        RunConfig config = read("null");
        assertThat(config.startFrom()).isNull();
        assertThat(config.model()).isInstanceOf(MlitConfig.class);
        assertThat(config.model().classes()).isEqualTo(10);
        assertThat(config.train().epochs()).isEqualTo(2);
        assertThat(config.train().normalization()).isEqualTo(Normalization.HALF);
        assertThat(config.train().labelSmoothing()).isZero();
    }

    @Test
    void aRunWrittenWithInitStartedFromThosePretrainedWeights() throws Exception {
        RunConfig config = read("\"runs/mae\"");
        assertThat(config.startFrom()).isEqualTo(StartFrom.pretrained(Path.of("runs/mae")));
    }

    @Test
    void theCurrentFormatReadsBackAsWritten() throws Exception {
        RunConfig legacy = read("\"runs/mae\"");
        new RunDirectory(dir).writeConfig(legacy);
        assertThat(Files.readString(dir.resolve("config.json"))).contains("startFrom").doesNotContain("\"init\"");
        assertThat(new RunDirectory(dir).readConfig()).isEqualTo(legacy);
    }
}
