package org.vmoe4j.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.vmoe4j.UserError;

/**
 * Decodes an image file (JPEG, PNG, or anything else {@code javax.imageio} reads) into an
 * {@link Image}: grayscale files stay one channel, everything else becomes RGB; alpha is dropped.
 */
public final class ImageFiles {
    static {
        ImageIO.setUseCache(false); // decode in memory, no temporary files
    }

    private ImageFiles() {
    }

    /** Reads and decodes {@code file}; a missing, unreadable or undecodable file is a UserError. */
    public static Image read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": image file not found");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read image file (" + describe(e) + ")", e);
        }
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new UserError(file + ": cannot decode image (" + describe(e) + ")", e);
        }
        if (img == null) {
            throw new UserError(file + ": cannot decode image (not a JPEG, PNG, BMP or GIF file)");
        }
        return toImage(img);
    }

    /** Converts a decoded image: 1 channel if its colour space is gray, else 3 (RGB). */
    public static Image toImage(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        ColorModel cm = img.getColorModel();
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel)) {
            Raster raster = img.getRaster();
            int bits = raster.getSampleModel().getSampleSize(0);
            int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null); // band 0: gray
            byte[] out = new byte[h * w];
            long max = (1L << bits) - 1;
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (bits == 8 ? samples[i] : (samples[i] * 255L + max / 2) / max);
            }
            return new Image(h, w, 1, out);
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w); // converted to sRGB by ImageIO
        byte[] out = new byte[h * w * 3];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            out[3 * i] = (byte) (p >> 16);
            out[3 * i + 1] = (byte) (p >> 8);
            out[3 * i + 2] = (byte) p;
        }
        return new Image(h, w, 3, out);
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
