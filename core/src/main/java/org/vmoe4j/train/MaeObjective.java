package org.vmoe4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.vmoe4j.config.MaeConfig;
import org.vmoe4j.data.Batch;
import org.vmoe4j.data.Image;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.PreviewGrid;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.model.MaeAutoencoder;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.PatchEmbedding;

/**
 * mmLiT pre-training (SPEC §4): each image hides round(0.75·N) patches, the auto-encoder predicts their
 * pixels, the loss is MSE_masked + α·MSE_unmasked + β·L_moe on the normalised pixels. Validation draws
 * {@code reconstructions.png}: original, masked and reconstructed images of fixed validation samples.
 */
public final class MaeObjective implements Objective {
    private static final int SAMPLES = 12;

    private final MaeAutoencoder model;
    private final RandomMasking masking;
    private final long seed;
    private final RunDirectory run;
    private final Pipeline evalPipeline;

    public MaeObjective(MaeAutoencoder model, long seed, RunDirectory run, Pipeline evalPipeline) {
        this.model = model;
        this.masking = RandomMasking.of(model.config());
        this.seed = seed;
        this.run = run;
        this.evalPipeline = evalPipeline;
    }

    @Override
    public Step train(Batch batch, NDArray images, int epoch, long step, ForwardContext context) {
        int[] positions = new int[batch.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = Math.toIntExact(step * batch.size() + i); // a fresh mask per image and per epoch
        }
        NDArray keep = keepArray(images.getManager(), masking.keep(seed, epoch, positions));
        NDArray predicted = model.forward(images, keep, context);
        MaeLoss loss = MaeLoss.of(predicted, PatchEmbedding.patchify(images, model.config().patchSize()), keep,
                context.auxLoss(), MaeLoss.ALPHA, MaeLoss.BETA);
        return new Step(new Losses.Terms(loss.total(), loss.masked(), context.auxLoss(), null), null, null);
    }

    /** Draws the reconstructions of the first validation images; pre-training has no accuracy to report. */
    @Override
    public Validation validate(ImageSource val) {
        int n = Math.min(SAMPLES, val.size());
        MaeConfig c = model.config();
        int length = evalPipeline.tensorLength();
        float[] pixels = new float[n * length];
        for (int i = 0; i < n; i++) {
            evalPipeline.toTensor(val.image(i), new Random(0), pixels, i * length);
        }
        long[][] keep = masking.keep(0, 0, java.util.stream.IntStream.range(0, n).toArray());
        float[] predicted;
        try (NDManager manager = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            NDArray images = manager.create(pixels, new Shape(n, c.channels(), c.imageSize(), c.imageSize()));
            predicted = model.forward(images, keepArray(manager, keep), ForwardContext.forInference()).toFloatArray();
        }
        List<Image> grid = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        Reconstruction draw = new Reconstruction(c, evalPipeline.config().mean(), evalPipeline.config().std());
        for (int i = 0; i < n; i++) {
            float[] original = Arrays.copyOfRange(pixels, i * length, (i + 1) * length);
            grid.add(draw.image(original, null, null));
            grid.add(draw.image(original, keep[i], null));
            grid.add(draw.image(original, keep[i], Arrays.copyOfRange(predicted, i * length, (i + 1) * length)));
            captions.addAll(List.of("original", "masked", "reconstructed"));
        }
        PreviewGrid.write(run.file("reconstructions.png"), grid, captions, 3);
        return Validation.NONE;
    }

    private static NDArray keepArray(NDManager manager, long[][] keep) {
        long[] flat = Arrays.stream(keep).flatMapToLong(Arrays::stream).toArray();
        // duplicate(): native memory of its own; the index is kept for the backward pass
        return manager.create(flat, new Shape(keep.length, keep[0].length)).duplicate();
    }
}
