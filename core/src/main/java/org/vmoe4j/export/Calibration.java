package org.vmoe4j.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vmoe4j.UserError;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.data.Batch;
import org.vmoe4j.data.BatchLoader;
import org.vmoe4j.data.ImageSource;
import org.vmoe4j.data.ImageSources;
import org.vmoe4j.data.Shuffle;
import org.vmoe4j.data.transform.Pipeline;
import org.vmoe4j.model.Model;
import org.vmoe4j.run.Preprocessing;

/**
 * Calibration for static int8 ({@link Quantization#INT8_STATIC}), by min/max: the float32 model, exported with
 * the input of every quantisable matrix as an extra output ({@link ExportOptions#probing()}), runs on ONNX Runtime
 * over calibration images prepared as for evaluation (resized and normalised, no augmentation), and each input's
 * smallest and largest value over all of them become its fixed range ({@link ActivationRanges}).
 */
public final class Calibration {
    /** The images calibration uses unless told otherwise. */
    public static final int DEFAULT_IMAGES = 512;
    /** Prefix of the probe outputs' names; the rest is the matrix's name. */
    static final String PROBE = "calibration:";
    private static final int BATCH = 16;
    private static final long SEED = 0;

    private Calibration() {
    }

    /**
     * The ranges of {@code model}'s matrix inputs over {@code count} images of {@code images} (a seeded random
     * choice; all of them when it holds fewer).
     */
    public static ActivationRanges measure(Model model, Normalization normalization, ImageSource images, int count) {
        if (images.size() == 0 || count < 1) {
            throw new UserError("calibration needs at least one image, got " + Math.min(images.size(), count));
        }
        Pipeline pipeline = Preprocessing.eval(model.config(), normalization);
        var eval = pipeline.config();
        ExportMetadata metadata = ExportMetadata.of(model, "calibration", "{}", List.of(), eval.mean(), eval.std());
        byte[] probing = OnnxExporter.export(model, metadata, ExportOptions.probing()).proto().toByteArray();
        int[] chosen = Arrays.copyOf(Shuffle.permutation(images.size(), new SplittableRandom(SEED)),
                Math.min(count, images.size()));
        BatchLoader loader = new BatchLoader(ImageSources.subset(images, chosen), pipeline, BATCH, false, SEED, false, 0);
        Map<String, float[]> ranges = new HashMap<>();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(probing, new OrtSession.SessionOptions());
             BatchLoader.Epoch epoch = loader.epoch(0)) {
            while (epoch.hasNext()) {
                widen(ranges, session, epoch.next());
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the calibration graph: " + e.getMessage(), e);
        }
        return new ActivationRanges(ranges, chosen.length);
    }

    /** Runs one batch and widens each probe's [min, max] by what it held. */
    private static void widen(Map<String, float[]> ranges, OrtSession session, Batch batch) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(batch.pixels()),
                batch.shape()); OrtSession.Result result = session.run(Map.of(OnnxContract.INPUT, input))) {
            for (Map.Entry<String, OnnxValue> output : result) {
                if (output.getKey().startsWith(PROBE)) {
                    float[] range = ranges.computeIfAbsent(output.getKey().substring(PROBE.length()),
                            name -> new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
                    FloatBuffer values = ((OnnxTensor) output.getValue()).getFloatBuffer();
                    while (values.hasRemaining()) {
                        float v = values.get();
                        range[0] = Math.min(range[0], v);
                        range[1] = Math.max(range[1], v);
                    }
                }
            }
        }
    }
}
