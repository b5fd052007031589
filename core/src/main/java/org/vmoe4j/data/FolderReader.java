package org.vmoe4j.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vmoe4j.UserError;

/**
 * Class folders, ImageNet style: {@code train/<class>/*.jpg|jpeg|png} and {@code val/<class>/...}.
 * Class names are the sorted folder names under {@code train/} (label = position in that order);
 * files are taken in sorted order and decoded on demand.
 * <ul>
 *   <li>{@code train/} + {@code val/}: {@code val/} is the test split (ImageNet publishes its
 *       held-out set as "val"); a validation split is carved from train when asked for.</li>
 *   <li>{@code train/} + {@code val/} + {@code test/}: val and test are those folders.</li>
 *   <li>{@code train/} + {@code test/}: test is that folder; validation carved from train.</li>
 * </ul>
 * A class folder under {@code val/} or {@code test/} that {@code train/} lacks is an error.
 */
public final class FolderReader implements DatasetReader {

    @Override
    public Dataset read(Path dir) {
        DataFiles.requireDirectory(dir, "image folder");
        Path trainDir = DataFiles.requireDirectory(dir.resolve("train"), "train/ class-folder");
        Path valDir = dir.resolve("val");
        Path testDir = dir.resolve("test");
        boolean hasVal = Files.isDirectory(valDir);
        boolean hasTest = Files.isDirectory(testDir);
        if (!hasVal && !hasTest) {
            throw new UserError(dir + ": no val/ or test/ folder next to train/ (expected ImageNet-style "
                    + "train/<class>/*.jpg and val/<class>/*.jpg)");
        }
        List<String> classes = subfolders(trainDir);
        if (classes.isEmpty()) {
            throw new UserError(trainDir + ": no class folders (expected train/<class>/*.jpg)");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        ImageSource train = split(trainDir, index);
        if (train.size() == 0) {
            throw new UserError(trainDir + ": no .jpg, .jpeg or .png files in its class folders");
        }
        ImageSource val = hasVal && hasTest ? split(valDir, index) : ImageSources.empty();
        ImageSource test = split(hasTest ? testDir : valDir, index);
        return new Dataset("folder", classes, train, val, test, Optional.empty());
    }

    private static ImageSource split(Path splitDir, Map<String, Integer> index) {
        List<String> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String cls : subfolders(splitDir)) {
            Integer label = index.get(cls);
            if (label == null) {
                throw new UserError(splitDir.resolve(cls) + ": class folder not present under train/ "
                        + "(classes are the folders of train/)");
            }
            for (String f : imageFiles(splitDir.resolve(cls))) {
                files.add(cls + "/" + f);
                labels.add(label);
            }
        }
        int[] l = new int[labels.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels.get(i);
        }
        return new LazyImageSource(splitDir, files.toArray(new String[0]), l);
    }

    /** Sorted names of the subdirectories of {@code dir} (hidden ones skipped). */
    static List<String> subfolders(Path dir) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".")) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            throw new UserError(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
        Collections.sort(out);
        return out;
    }

    /** Sorted names of the .jpg/.jpeg/.png files (any case) in {@code dir}. */
    static List<String> imageFiles(Path dir) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                boolean image = lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png");
                if (image && !name.startsWith(".")) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            throw new UserError(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
        Collections.sort(out);
        return out;
    }
}
