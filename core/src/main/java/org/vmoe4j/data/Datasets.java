package org.vmoe4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.vmoe4j.UserError;

/**
 * Opens datasets from a spec such as {@code cifar100:/data/cifar-100-binary}: a kind from the
 * registry below, a colon, a directory. Kinds without a directory ({@code default},
 * {@code fashion-mnist-sample}) are given alone.
 */
public final class Datasets {
    /** Where Debian's {@code dataset-fashion-mnist} package installs Fashion-MNIST. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    /** The spec used when none is given. */
    public static final String DEFAULT_SPEC = "default";

    /**
     * One dataset kind.
     *
     * @param name what goes before the colon
     * @param argument "DIR", or "" for a kind that takes none
     * @param description for {@code --help}: what files the directory must hold (one sentence; the CLI wraps it)
     * @param opener reads the dataset from the text after the colon (null for a kind without DIR)
     */
    public record Kind(String name, String argument, String description, Function<Path, Dataset> opener) {
        /** How the kind is written in a spec: {@code cifar10:DIR} or {@code default}. */
        public String usage() {
            return argument.isEmpty() ? name : name + ":" + argument;
        }
    }

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        dir("cifar10", "CIFAR-10, binary version: data_batch_1..5.bin, test_batch.bin, batches.meta.txt",
                new Cifar10Reader());
        dir("cifar100", "CIFAR-100, binary version: train.bin, test.bin, fine_label_names.txt,"
                + " coarse_label_names.txt (the 20 coarse labels become super-classes)", new Cifar100Reader());
        dir("svhn", "SVHN cropped digits: train_32x32.mat, test_32x32.mat (label 10 is digit 0)",
                new SvhnReader());
        dir("flowers102", "Oxford Flowers102: jpg/image_00001.jpg.., imagelabels.mat, setid.mat"
                + " (its own train / val / test splits)", new Flowers102Reader());
        dir("folder", "ImageNet-style: train/<class>/*.jpg|jpeg|png and val/<class>/... (used as"
                + " test; with test/ as well, val/ is the validation split)", new FolderReader());
        dir("mnist", "MNIST: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,"
                + " t10k-labels-idx1-ubyte, each plain or .gz", MnistReader.mnist());
        dir("fashion-mnist", "Fashion-MNIST: the same four IDX files as mnist", MnistReader.fashionMnist());
        builtin("fashion-mnist-sample", "the first 4000 train and 1000 test Fashion-MNIST images, shipped in the jar",
                Datasets::fashionMnistSample);
        builtin("default", "Fashion-MNIST from " + DEBIAN_FASHION_MNIST + " (Debian package"
                + " dataset-fashion-mnist) if installed, else fashion-mnist-sample", Datasets::defaultDataset);
    }

    private Datasets() {
    }

    private static void dir(String name, String description, DatasetReader reader) {
        KINDS.put(name, new Kind(name, "DIR", description, reader::read));
    }

    private static void builtin(String name, String description, Supplier<Dataset> supplier) {
        KINDS.put(name, new Kind(name, "", description, ignored -> supplier.get()));
    }

    /** The registered kinds, in the order {@code --help} lists them. */
    public static List<Kind> kinds() {
        return Collections.unmodifiableList(new ArrayList<>(KINDS.values()));
    }

    /**
     * Opens the dataset named by {@code spec} and, unless it has a validation split of its own,
     * carves {@code valFraction} of its training images into one (see {@link ValidationSplit}).
     *
     * @param spec {@code KIND:DIR}, or a kind without directory ({@code default}); null or blank
     *     means {@code default}. A leading {@code ~/} in DIR is the home directory.
     * @param valFraction fraction of the training split to hold out, 0 &lt;= f &lt; 1
     * @param seed fixes which images are held out
     */
    public static Dataset open(String spec, double valFraction, long seed) {
        checkFraction(valFraction);
        return withValidation(openRaw(spec), valFraction, seed);
    }

    /**
     * {@code ds} with {@code valFraction} of its training images carved into a validation split
     * ({@link ValidationSplit}), unless it already has a validation split or the fraction is 0.
     */
    public static Dataset withValidation(Dataset ds, double valFraction, long seed) {
        checkFraction(valFraction);
        if (ds.val().size() > 0 || valFraction == 0) {
            return ds;
        }
        ValidationSplit split = ValidationSplit.carve(ds.train(), valFraction, seed);
        return ds.withTrainAndVal(split.train(), split.val());
    }

    private static void checkFraction(double valFraction) {
        if (!(valFraction >= 0 && valFraction < 1)) {
            throw new UserError("validation fraction " + valFraction + " is outside [0, 1)");
        }
    }

    /** Opens {@code spec} without carving a validation split. */
    public static Dataset openRaw(String spec) {
        Spec parsed = parse(spec);
        return parsed.kind().opener().apply(parsed.dir());
    }

    /** A data spec read: its kind and, for kinds that take one, the directory. */
    public record Spec(Kind kind, Path dir) {
    }

    /**
     * Reads a data spec without touching any file: {@code KIND:DIR}, or a kind without directory.
     *
     * @throws UserError when the kind is unknown, or a directory is missing or not expected
     */
    public static Spec parse(String spec) {
        String s = spec == null || spec.isBlank() ? DEFAULT_SPEC : spec.strip();
        int colon = s.indexOf(':');
        String kindName = colon < 0 ? s : s.substring(0, colon);
        String arg = colon < 0 ? null : s.substring(colon + 1);
        Kind kind = KINDS.get(kindName.toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw new UserError("unknown dataset kind '" + kindName + "' in data spec '" + s + "'; known kinds: "
                    + String.join(", ", KINDS.keySet()) + " (write KIND:DIR, e.g. cifar10:/data/cifar-10-batches-bin)");
        }
        if (kind.argument().isEmpty()) {
            if (arg != null) {
                throw new UserError("data spec '" + s + "': " + kind.name() + " takes no directory; write just '"
                        + kind.name() + "'");
            }
            return new Spec(kind, null);
        }
        if (arg == null || arg.isBlank()) {
            throw new UserError("data spec '" + s + "': " + kind.name() + " needs a directory, e.g. '"
                    + kind.name() + ":/path/to/" + kind.name() + "'");
        }
        return new Spec(kind, expandHome(arg));
    }

    /** Fashion-MNIST from Debian's package when installed, else the sample shipped in the jar. */
    public static Dataset defaultDataset() {
        if (MnistReader.hasFiles(DEBIAN_FASHION_MNIST)) {
            return MnistReader.fashionMnist().read(DEBIAN_FASHION_MNIST);
        }
        return fashionMnistSample();
    }

    /** The Fashion-MNIST sample shipped in the jar (4000 train, 1000 test images). */
    public static Dataset fashionMnistSample() {
        return MnistReader.fashionMnist().readResource(MnistReader.SAMPLE_RESOURCE, "fashion-mnist-sample");
    }

    private static Path expandHome(String dir) {
        if (dir.equals("~") || dir.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + dir.substring(1));
        }
        return Path.of(dir);
    }

}
