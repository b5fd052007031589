package org.vmoe4j.train;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vmoe4j.io.WeightFile;
import org.vmoe4j.model.Model;
import org.vmoe4j.run.StartFrom;

/** Where a new run's weights come from when they are not drawn at random ({@link StartFrom}). */
final class WarmStart {
    private WarmStart() {
    }

    static void load(Model model, StartFrom from) {
        switch (from.kind()) {
            case PRETRAINED -> pretrained(model, from.weights());
            case UPCYCLED -> upcycled(model, from.weights());
        }
    }

    /**
     * Loads pre-trained weights into every parameter but the head (a fine-tuning target has its own classes);
     * tensors of the file that the model lacks, such as an auto-encoder's decoder, are ignored.
     */
    static void pretrained(Model model, Path weights) {
        Map<String, NDArray> params = model.parameters().parameters();
        WeightFile.load(params, weights, name -> params.containsKey(name) && !name.startsWith("head."));
    }

    /**
     * Sparse upcycling (Komatsuzaki et al. 2022) of a dense ViT into a Mobile V-MoE or V-MoE of the same depth and
     * width (timm's names, SPEC §1): every tensor is copied to the parameter of the same name, and each MoE block's
     * expert stack {@code blocks.i.experts.fcX} gets E copies of that block's dense {@code blocks.i.mlp.fcX}; the
     * routers keep their fresh initialisation. A dense target takes the dense model as it is (a continuation).
     * With renormalised top-k gates the upcycled model computes exactly the dense model's function at first
     * (SPEC §2: with k copies of one MLP, Σ_j g_j·MLP(x) = MLP(x) when Σ_j g_j = 1).
     */
    static void upcycled(Model model, Path weights) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String name : model.parameters().parameters().keySet()) {
            if (!isRouter(name)) {
                sources.put(name, name.replace(".experts.", ".mlp."));
            }
        }
        WeightFile.loadFrom(model.parameters().parameters(), weights, sources);
    }

    private static boolean isRouter(String name) {
        return name.startsWith("router.") || name.contains(".router.");
    }
}
