package org.vmoe4j.report;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmoe4j.UserError;
import org.vmoe4j.data.Image;
import org.vmoe4j.io.AtomicFile;

/**
 * A PNG contact sheet of images (e.g. augmented samples of a SPEC §4 recipe), each enlarged by
 * an integer factor (nearest neighbour, so pixels stay visible) with its caption under it.
 * The file is written to a temporary file next to the target and renamed into place.
 */
public final class PreviewGrid {
    private static final Logger LOG = LoggerFactory.getLogger(PreviewGrid.class);
    private static final int PAD = 4;
    private static final int MIN_CELL_WIDTH = 72;
    private static final int MAX_CAPTION_LINES = 3;

    private PreviewGrid() {
    }

    /**
     * Writes the grid.
     *
     * @param png the file to write (parent directories are created)
     * @param images the images, gray or RGB, any sizes
     * @param captions one caption per image, or null / empty for none
     * @param scale enlargement factor, at least 1
     * @throws UserError if the file cannot be written
     */
    public static void write(Path png, List<Image> images, List<String> captions, int scale) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("preview grid needs at least one image");
        }
        if (captions != null && !captions.isEmpty() && captions.size() != images.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + captions.size()
                    + " captions");
        }
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        BufferedImage sheet = render(images, captions == null ? List.of() : captions, scale);
        writeAtomically(png, sheet);
    }

    static BufferedImage render(List<Image> images, List<String> captions, int scale) {
        int n = images.size();
        int cols = (int) Math.ceil(Math.sqrt(n));
        int rows = (n + cols - 1) / cols;
        int maxW = 0;
        int maxH = 0;
        for (Image img : images) {
            maxW = Math.max(maxW, img.width() * scale);
            maxH = Math.max(maxH, img.height() * scale);
        }
        int cellW = Math.max(maxW, captions.isEmpty() ? 0 : MIN_CELL_WIDTH);
        Captions text = Captions.layout(captions, cellW);
        int cellH = maxH + text.height();
        BufferedImage sheet = new BufferedImage(cols * (cellW + PAD) + PAD,
                rows * (cellH + PAD) + PAD, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int i = 0; i < n; i++) {
            int x0 = PAD + (i % cols) * (cellW + PAD);
            int y0 = PAD + (i / cols) * (cellH + PAD);
            Image img = images.get(i);
            blit(sheet, img, scale, x0 + (cellW - img.width() * scale) / 2, y0);
            text.draw(g, i, x0, y0 + maxH);
        }
        g.dispose();
        return sheet;
    }

    private static void blit(BufferedImage sheet, Image img, int scale, int x0, int y0) {
        int w = img.width() * scale;
        int[] row = new int[w];
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int rgb;
                if (img.channels() == 1) {
                    int v = img.at(y, x, 0);
                    rgb = v << 16 | v << 8 | v;
                } else {
                    rgb = img.at(y, x, 0) << 16 | img.at(y, x, 1) << 8 | img.at(y, x, 2);
                }
                for (int s = 0; s < scale; s++) {
                    row[x * scale + s] = rgb;
                }
            }
            for (int s = 0; s < scale; s++) {
                sheet.setRGB(x0, y0 + y * scale + s, w, 1, row, 0, w);
            }
        }
    }

    private static void writeAtomically(Path png, BufferedImage sheet) {
        AtomicFile.write(png, tmp -> {
            if (!ImageIO.write(sheet, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** Captions wrapped to the cell width; empty (height 0) when there are none or no fonts. */
    private record Captions(List<List<String>> lines, Font font, int lineHeight, int ascent) {
        int height() {
            int max = 0;
            for (List<String> l : lines) {
                max = Math.max(max, l.size());
            }
            return max * lineHeight + (max > 0 ? 2 : 0);
        }

        static Captions layout(List<String> captions, int width) {
            if (captions.isEmpty()) {
                return new Captions(List.of(), null, 0, 0);
            }
            try {
                Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
                BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = scratch.createGraphics();
                FontMetrics fm = g.getFontMetrics(font);
                List<List<String>> lines = new ArrayList<>();
                for (String c : captions) {
                    lines.add(wrap(c == null ? "" : c, fm, width));
                }
                g.dispose();
                return new Captions(lines, font, fm.getHeight(), fm.getAscent());
            } catch (RuntimeException | Error e) {
                LOG.warn("no fonts available, preview captions left out: {}", e.toString());
                return new Captions(List.of(), null, 0, 0);
            }
        }

        void draw(Graphics2D g, int i, int x0, int y0) {
            if (lines.isEmpty()) {
                return;
            }
            g.setFont(font);
            g.setColor(java.awt.Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                    RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            List<String> l = lines.get(i);
            for (int k = 0; k < l.size(); k++) {
                g.drawString(l.get(k), x0, y0 + 1 + ascent + k * lineHeight);
            }
        }

        /** Greedy word wrap; over-long words are cut; at most three lines, the last elided. */
        private static List<String> wrap(String text, FontMetrics fm, int width) {
            List<String> out = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.trim().split("\\s+")) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (fm.stringWidth(candidate) <= width) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (line.length() > 0) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                String w = word;
                while (fm.stringWidth(w) > width && w.length() > 1) {
                    int k = w.length() - 1;
                    while (k > 1 && fm.stringWidth(w.substring(0, k)) > width) {
                        k--;
                    }
                    out.add(w.substring(0, k));
                    w = w.substring(k);
                }
                line.append(w);
            }
            if (line.length() > 0) {
                out.add(line.toString());
            }
            if (out.size() > MAX_CAPTION_LINES) {
                List<String> cut = new ArrayList<>(out.subList(0, MAX_CAPTION_LINES));
                String last = cut.get(MAX_CAPTION_LINES - 1);
                while (!last.isEmpty() && fm.stringWidth(last + "…") > width) {
                    last = last.substring(0, last.length() - 1);
                }
                cut.set(MAX_CAPTION_LINES - 1, last + "…");
                return cut;
            }
            return out;
        }
    }
}
