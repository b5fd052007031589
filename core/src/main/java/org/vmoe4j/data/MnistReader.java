package org.vmoe4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.vmoe4j.UserError;

/**
 * MNIST and Fashion-MNIST: IDX files {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each plain or gzipped
 * ({@code .gz}). Images are 28x28 grayscale and stay one channel. No validation split of its own.
 */
public final class MnistReader implements DatasetReader {
    /** MNIST's classes. */
    public static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    /** Fashion-MNIST's classes, as named by Zalando Research. */
    public static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Where the fallback Fashion-MNIST sample lives on the class path. */
    public static final String SAMPLE_RESOURCE = "/datasets/fashion-mnist-sample";

    private final String name;
    private final List<String> classNames;

    public MnistReader(String name, List<String> classNames) {
        this.name = name;
        this.classNames = List.copyOf(classNames);
    }

    public static MnistReader mnist() {
        return new MnistReader("mnist", DIGITS);
    }

    public static MnistReader fashionMnist() {
        return new MnistReader("fashion-mnist", FASHION);
    }

    /** A source of one IDX file: its name for messages, its length (-1 if unknown) and a way to open it. */
    private interface Input {
        String name();

        long size() throws IOException;

        InputStream open() throws IOException;
    }

    @Override
    public Dataset read(Path dir) {
        DataFiles.requireDirectory(dir, name);
        return read(base -> file(dir, base));
    }

    /** True if {@code dir} holds all four IDX files (plain or gzipped). */
    public static boolean hasFiles(Path dir) {
        for (String base : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            if (!Files.isRegularFile(dir.resolve(base)) && !Files.isRegularFile(dir.resolve(base + ".gz"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the four gzipped IDX files under a class-path folder such as {@link #SAMPLE_RESOURCE}.
     *
     * @param datasetName the returned dataset's name
     */
    public Dataset readResource(String resourceDir, String datasetName) {
        Dataset ds = read(base -> new Input() {
            final String path = resourceDir + "/" + base + ".gz";

            @Override
            public String name() {
                return "classpath:" + path;
            }

            @Override
            public long size() {
                return -1;
            }

            @Override
            public InputStream open() throws IOException {
                InputStream in = MnistReader.class.getResourceAsStream(path);
                if (in == null) {
                    throw new UserError(name() + ": resource not found (incomplete jar?)");
                }
                return in;
            }
        });
        return new Dataset(datasetName, ds.classNames(), ds.train(), ds.val(), ds.test(), ds.superClasses());
    }

    private Dataset read(Function<String, Input> files) {
        ImageSource train = split(files.apply("train-images-idx3-ubyte"), files.apply("train-labels-idx1-ubyte"));
        ImageSource test = split(files.apply("t10k-images-idx3-ubyte"), files.apply("t10k-labels-idx1-ubyte"));
        return new Dataset(name, classNames, train, ImageSources.empty(), test, Optional.empty());
    }

    private ImageSource split(Input imagesIn, Input labelsIn) {
        IdxFile images = load(imagesIn, 3);
        IdxFile labels = load(labelsIn, 1);
        int n = images.dims()[0];
        if (labels.dims()[0] != n) {
            throw new UserError(labelsIn.name() + ": " + labels.dims()[0] + " labels, but " + imagesIn.name()
                    + " has " + n + " images");
        }
        int[] out = new int[n];
        byte[] raw = labels.data();
        for (int i = 0; i < n; i++) {
            int label = raw[i] & 0xFF;
            if (label >= classNames.size()) {
                throw new UserError(labelsIn.name() + ": label " + i + " is " + label + ", expected 0.."
                        + (classNames.size() - 1));
            }
            out[i] = label;
        }
        return new InMemoryImageSource(images.dims()[1], images.dims()[2], 1, images.data(), out);
    }

    private static IdxFile load(Input input, int ndim) {
        InputStream in;
        long size;
        try {
            size = input.size();
            in = input.open();
        } catch (IOException e) {
            throw new UserError(input.name() + ": cannot open (" + e.getMessage() + ")", e);
        }
        return IdxFile.read(in, input.name(), ndim, size);
    }

    /** The plain or gzipped file for {@code base} in {@code dir}. */
    private static Input file(Path dir, String base) {
        Path plain = dir.resolve(base);
        Path gz = dir.resolve(base + ".gz");
        Path chosen = Files.isRegularFile(plain) ? plain : Files.isRegularFile(gz) ? gz : null;
        if (chosen == null) {
            Path present = Files.exists(plain) ? plain : Files.exists(gz) ? gz : null;
            if (present != null) {
                DataFiles.requireFile(present); // says what it is instead
            }
            throw new UserError(dir + ": missing " + base + " (or " + base + ".gz)");
        }
        return new Input() {
            @Override
            public String name() {
                return chosen.toString();
            }

            @Override
            public long size() throws IOException {
                return Files.size(chosen);
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(chosen);
            }
        };
    }
}
