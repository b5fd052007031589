package org.vmoe4j.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.vmoe4j.UserError;
import org.vmoe4j.io.DeclaredSize;
import org.vmoe4j.io.Limit;

/**
 * Decodes an image file into an {@link Image}: grayscale files stay one channel, everything else
 * becomes RGB; alpha is dropped. Accepted: JPEG, PNG, GIF (its first frame) and BMP, recognised by
 * their content whatever the file is called. Not accepted, although the JDK reads them: WBMP, which
 * has no magic number (any eight bytes starting 00 00 decode as a blank 1-bit image, so damage
 * cannot be told), and TIFF, whose directories declare arrays and strips of any size that these
 * checks do not cover.
 *
 * <p>The width and height are read from the file's header and checked against
 * {@link Limit#IMAGE_PIXELS} before any pixel is decoded. The file is decoded from disk, never
 * loaded whole. A damaged file is refused rather than half-decoded: the JPEG decoder fills what a
 * truncated or corrupt file lacks with grey and only warns, so any decoder warning is an error; the
 * PNG, GIF and BMP decoders fail on truncation by themselves.
 */
public final class ImageFiles {
    /** Image formats decoded, by the JDK reader's lower-case format name. */
    static final Set<String> FORMATS = Set.of("jpeg", "png", "gif", "bmp");

    private ImageFiles() {
    }

    /** Reads and decodes {@code file}; a missing, unreadable, oversized or damaged file is a UserError. */
    public static Image read(Path file) {
        DataFiles.requireFile(file);
        try (ImageInputStream in = new BufferedFileImageInputStream(file)) {
            ImageReader reader = reader(file, in);
            try {
                reader.setInput(in, true, true);
                checkSize(file, reader);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    int more = warnings.size() - 1;
                    throw new UserError(file + ": damaged " + format(reader) + " image (the decoder warns: "
                            + warnings.get(0) + (more > 0 ? "; and " + more + " more warning" + (more > 1 ? "s" : "") : "")
                            + ")");
                }
                return toImage(img);
            } finally {
                reader.dispose();
            }
        } catch (UserError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UserError(file + ": cannot decode image (" + describe(e) + ")", e);
        }
    }

    /** The first JDK reader of an accepted format that recognises {@code in}. */
    private static ImageReader reader(Path file, ImageInputStream in) throws IOException {
        in.mark(); // the readers' probes swallow I/O errors; a first read of our own reports them
        boolean empty = in.read() < 0;
        in.reset();
        if (empty) {
            throw new UserError(file + ": empty file, expected an image");
        }
        for (Iterator<ImageReader> it = ImageIO.getImageReaders(in); it.hasNext(); ) {
            ImageReader reader = it.next();
            if (FORMATS.contains(format(reader))) {
                return reader;
            }
        }
        throw new UserError(file + ": cannot decode image (not a JPEG, PNG, GIF or BMP file)");
    }

    /** Checks the header's width and height against the pixel limit. */
    private static void checkSize(Path file, ImageReader reader) throws IOException {
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        long pixels = DeclaredSize.product(file, "the image's width x height", 1, w, h);
        DeclaredSize.atMost(file, "its " + w + "x" + h + " pixels", pixels, Limit.IMAGE_PIXELS);
    }

    private static String format(ImageReader reader) {
        try {
            return reader.getFormatName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Converts a decoded image: 1 channel if its colour space is gray, else 3 (RGB). Converts a row
     * at a time, so that only the decoded raster and the result are held at once.
     */
    public static Image toImage(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        ColorModel cm = img.getColorModel();
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel)) {
            Raster raster = img.getRaster();
            int bits = raster.getSampleModel().getSampleSize(0);
            long max = (1L << bits) - 1;
            byte[] out = new byte[h * w];
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row); // band 0: gray
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (byte) (bits == 8 ? row[x] : (row[x] * 255L + max / 2) / max);
                }
            }
            return new Image(h, w, 1, out);
        }
        byte[] out = new byte[h * w * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w); // converted to sRGB by ImageIO
            for (int x = 0, i = 3 * y * w; x < w; x++, i += 3) {
                int p = row[x];
                out[i] = (byte) (p >> 16);
                out[i + 1] = (byte) (p >> 8);
                out[i + 2] = (byte) p;
            }
        }
        return new Image(h, w, 3, out);
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
