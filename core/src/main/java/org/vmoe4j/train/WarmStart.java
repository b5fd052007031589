package org.vmoe4j.train;

import java.nio.file.Path;
import java.util.Map;
import ai.djl.ndarray.NDArray;
import org.vmoe4j.io.WeightFile;
import org.vmoe4j.model.Model;
import org.vmoe4j.run.RunDirectory;

/** Where a new run's weights come from when they are not drawn at random: pre-trained weights (mmLiT, SPEC §4). */
final class WarmStart {
    private WarmStart() {
    }

    /**
     * Loads pre-trained weights into every parameter but the head (a fine-tuning target has its own classes);
     * tensors of the file that the model lacks, such as an auto-encoder's decoder, are ignored.
     *
     * @param init a run directory (its model.safetensors) or a safetensors file
     */
    static void pretrained(Model model, Path init) {
        Map<String, NDArray> params = model.parameters().parameters();
        WeightFile.load(params, RunDirectory.weightsOf(init), name -> params.containsKey(name) && !name.startsWith("head."));
    }
}
