package org.vmoe4j.export;

/**
 * What an ONNX file written by vmoe4j promises to its readers (the {@code predict} command, the Spark job,
 * any ONNX runtime), format {@value #FORMAT}:
 * <ul>
 *   <li>opset {@value OnnxOps#OPSET} of the default ONNX domain only, IR version 8;</li>
 *   <li>input {@value #INPUT}: float32 [N, C, H, W], N dynamic, H = W = {@value #IMAGE_SIZE}, C =
 *       {@value #CHANNELS}, pixels already scaled to [0, 1] and normalised per channel with
 *       {@value #MEAN} and {@value #STD};</li>
 *   <li>outputs: {@value #LOGITS} float32 [N, classes] for classifiers, or {@value #TOKENS} float32
 *       [N, T, m] for the mmLiT encoder (T = patches + 1, the dummy token last); models routed per image
 *       (Mobile V-MoE) also {@value #EXPERTS} int64 [N, k], each image's experts best first, and
 *       {@value #GATES} float32 [N, k], their gate values g (divided by their sum when the MoE renormalises its gates);</li>
 *   <li>metadata ({@code ModelProto.metadata_props}): {@value #FORMAT_KEY} = {@value #FORMAT},
 *       {@value #PRESET}, {@value #FAMILY} (see {@link Family}), {@value #CONFIG} (a JSON string from the
 *       exporting caller), {@value #IMAGE_SIZE}, {@value #CHANNELS}, {@value #MEAN} and {@value #STD}
 *       (comma-separated floats, one per channel), {@value #CLASS_NAMES} (a JSON array of the class names
 *       in head order, empty when unknown), {@value #FLOPS} (2 × multiply-accumulates per image, SPEC §1)
 *       {@value #PARAMS} (parameters in the file's model), {@value #ACTIVE_PARAMS} (those one image uses) and
 *       {@value #EXPERT_PARAMS} (one expert's parameters under each routing, comma-separated, empty for dense
 *       models);</li>
 *   <li>optional metadata (a file without it is float32 with every weight in the graph): {@value #QUANTIZATION}
 *       ({@code float32}, {@code int8} or {@code int8-static}, see {@link Quantization}) and, for int8-static,
 *       {@value #CALIBRATION_IMAGES} (how many images its activation ranges come from);</li>
 *   <li>a Mobile V-MoE exported with its experts separated has, besides {@value #INPUT}, one graph input per
 *       expert tensor (named as its initializer would be, stacked [E, ...] over the experts) whose values are in
 *       the side file {@value #EXPERT_FILE} names (a safetensors file beside the ONNX file, same tensor names,
 *       I8 or F32, whose {@code __metadata__} repeats {@value #EXPERT_CHECKSUMS}); {@value #EXPERT_CHECKSUMS}
 *       holds one CRC-32C per expert over its slices of those tensors in input order ({@link ExpertChecksums}),
 *       hexadecimal, comma-separated. A runtime maps the side file and hands the whole stacks to the graph,
 *       whose Gather reads only the chosen experts' slices.</li>
 * </ul>
 */
public final class OnnxContract {
    public static final String FORMAT = "1";

    public static final String INPUT = "images";
    public static final String LOGITS = "logits";
    public static final String TOKENS = "tokens";
    public static final String EXPERTS = "experts";
    public static final String GATES = "gates";

    public static final String FORMAT_KEY = "vmoe4j.format";
    public static final String PRESET = "vmoe4j.preset";
    public static final String FAMILY = "vmoe4j.family";
    public static final String CONFIG = "vmoe4j.config";
    public static final String IMAGE_SIZE = "vmoe4j.image_size";
    public static final String CHANNELS = "vmoe4j.channels";
    public static final String MEAN = "vmoe4j.mean";
    public static final String STD = "vmoe4j.std";
    public static final String CLASS_NAMES = "vmoe4j.class_names";
    public static final String FLOPS = "vmoe4j.flops_per_image";
    public static final String PARAMS = "vmoe4j.params";
    public static final String ACTIVE_PARAMS = "vmoe4j.active_params";
    public static final String EXPERT_PARAMS = "vmoe4j.expert_params";
    public static final String QUANTIZATION = "vmoe4j.quantization";
    public static final String CALIBRATION_IMAGES = "vmoe4j.calibration_images";
    public static final String EXPERT_FILE = "vmoe4j.expert_file";
    public static final String EXPERT_CHECKSUMS = "vmoe4j.expert_checksums";

    /** What the file holds ({@value #FAMILY}). */
    public enum Family {
        /** A dense ViT (SPEC §1): logits. */
        VIT,
        /** A Mobile V-MoE routed per image (SPEC §2): logits, experts, gates. */
        MVMOE,
        /** A V-MoE routed per token (SPEC §2 ablation): logits. */
        VMOE,
        /** An mLiT classifier (SPEC §3): logits. */
        MLIT,
        /** The encoder of an mmLiT masked auto-encoder (SPEC §4): tokens. */
        MMLIT_ENCODER;

        /** The metadata value: {@code vit}, {@code mvmoe}, {@code vmoe}, {@code mlit}, {@code mmlit-encoder}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** True when the file's outputs include the per-image experts and gates. */
        public boolean routedPerImage() {
            return this == MVMOE;
        }
    }

    private OnnxContract() {
    }
}
