package org.vmoe4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The model options the ablations add, through the real command line: --dense-k, --expert-sharing, --capacity-ratio. */
class ModelOptionsTest {
    private JsonNode inspect(String... args) throws Exception {
        CliHarness cli = new CliHarness();
        String[] all = new String[args.length + 2];
        all[0] = "inspect";
        all[all.length - 1] = "--json";
        System.arraycopy(args, 0, all, 1, args.length);
        assertThat(cli.run(all)).as(cli.err.toString()).isZero();
        return new ObjectMapper().readTree(cli.out.toString());
    }

    @Test
    void inspectOfADenseKViTShowsTheFlopsOfItsTwinWithKExperts() throws Exception {
        long dense = inspect("--model", "vit-6x64", "--dense-k", "2").get("flops").asLong();
        long moe = inspect("--model", "mvmoe-6x64", "--k", "2").get("flops").asLong();
        assertThat((double) dense / moe).isCloseTo(1, within(0.01));
        assertThat(dense).isGreaterThan(inspect("--model", "vit-6x64").get("flops").asLong());
    }

    @Test
    void inspectShowsEverySharingVariantsParameters() throws Exception {
        JsonNode json = inspect("--model", "mlit-xxs", "--expert-sharing", "v-w");
        assertThat(json.get("params").asLong()).isEqualTo(663_862);
        JsonNode variants = json.get("sharingVariants");
        assertThat(variants.get("v-w2").get("params").asLong()).isEqualTo(662_273);
        assertThat(variants.get("v-w").get("params").asLong()).isEqualTo(663_862);
        assertThat(variants.get("w-w2").get("params").asLong()).isEqualTo(662_273);
        assertThat(inspect("--model", "vit-6x64").has("sharingVariants")).isFalse();
    }

    @Test
    void optionsThatDoNotFitTheModelAreUsageErrors() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("inspect", "--model", "mvmoe-6x64", "--dense-k", "2")).isEqualTo(2);
        assertThat(cli.run("inspect", "--model", "vit-6x64", "--expert-sharing", "v-w")).isEqualTo(2);
        assertThat(cli.run("inspect", "--model", "mlit-xxs", "--expert-sharing", "w-v")).isEqualTo(2);
        assertThat(cli.run("bench", "--model", "mvmoe-6x64", "--capacity-ratio", "1.5")).isEqualTo(2);
        assertThat(cli.err.toString().strip().split("\n")).hasSize(4)
                .allSatisfy(line -> assertThat(line).startsWith("error:"));
        assertThat(cli.err.toString()).contains("--dense-k", "--expert-sharing", "v-w2", "--capacity-ratio");
    }
}
