package org.vmoe4j.train;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.vmoe4j.data.Batch;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.model.MaeAutoencoder;
import org.vmoe4j.nn.ForwardContext;
import org.vmoe4j.nn.PatchEmbedding;
import org.vmoe4j.report.ReconstructionSheet;
import org.vmoe4j.tensor.BatchScope;

/**
 * mmLiT pre-training (SPEC §4): each image hides round(0.75·N) patches, the auto-encoder predicts their pixels,
 * the loss is MSE_masked + α·MSE_unmasked + β·L_moe on the normalised pixels. Pre-training has no accuracy to
 * validate; {@link #reconstruct} shows what it learnt on fixed validation samples.
 */
public final class MaeObjective implements Objective {
    private static final int SAMPLES = 12;

    private final MaeAutoencoder model;
    private final RandomMasking masking;
    private final long seed;
    private final Pipeline evalPipeline;

    public MaeObjective(MaeAutoencoder model, long seed, Pipeline evalPipeline) {
        this.model = model;
        this.masking = RandomMasking.of(model.config());
        this.seed = seed;
        this.evalPipeline = evalPipeline;
    }

    /** The loss of Eq. 16 for images [B, C, H, W] whose patches {@code keep} [B, V] stay visible. */
    static MaeLoss loss(MaeAutoencoder model, NDArray images, NDArray keep, ForwardContext context) {
        NDArray predicted = model.forward(images, keep, context);
        return MaeLoss.of(predicted, PatchEmbedding.patchify(images, model.config().patchSize()), keep,
                context.auxLoss(), MaeLoss.ALPHA, MaeLoss.BETA);
    }

    @Override
    public Step train(Batch batch, BatchScope scope, NDArray images, int epoch, long firstImage,
                      ForwardContext context) {
        int[] positions = new int[batch.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = Math.toIntExact(firstImage + i); // a fresh mask per image and per epoch
        }
        MaeLoss loss = loss(model, images, keepArray(scope, masking.keep(seed, epoch, positions)), context);
        return new Step(new Losses.Terms(loss.total(), loss.masked(), context.auxLoss(), null), null, null);
    }

    @Override
    public Validation validate(ImageSource val) {
        return Validation.NONE;
    }

    /** The first validation images, a fixed mask each, and the auto-encoder's reconstruction of them. */
    public List<ReconstructionSheet.Sample> reconstruct(ImageSource val) {
        int n = Math.min(SAMPLES, val.size());
        int length = evalPipeline.tensorLength();
        float[] pixels = new float[n * length];
        for (int i = 0; i < n; i++) {
            evalPipeline.toTensor(val.image(i), new Random(0), pixels, i * length);
        }
        long[][] keep = masking.keep(0, 0, IntStream.range(0, n).toArray());
        float[] predicted;
        try (BatchScope scope = model.openBatch()) {
            NDArray images = scope.floats(pixels, n, model.config().channels(), model.config().imageSize(),
                    model.config().imageSize());
            predicted = model.forward(images, keepArray(scope, keep), ForwardContext.forInference()).toFloatArray();
        }
        List<ReconstructionSheet.Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add(new ReconstructionSheet.Sample(Arrays.copyOfRange(pixels, i * length, (i + 1) * length),
                    keep[i], Arrays.copyOfRange(predicted, i * length, (i + 1) * length)));
        }
        return samples;
    }

    private static NDArray keepArray(BatchScope scope, long[][] keep) {
        long[] flat = Arrays.stream(keep).flatMapToLong(Arrays::stream).toArray();
        return scope.longs(flat, keep.length, keep[0].length);
    }
}
