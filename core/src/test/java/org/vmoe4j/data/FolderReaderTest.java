package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;

public class FolderReaderTest {
    @TempDir
    Path dir;

    /**
     * train/cat: a.png (rgb 5x3), b.JPG; train/dog: c.png (gray 6x4); train/zebra: d.jpeg;
     * val/cat: e.png; val/zebra: f.png; plus a notes.txt that must be ignored.
     */
    public static void writeTree(Path d) throws IOException {
        ImageFilesTest.write(ImageFilesTest.rgb(5, 3), "png", d.resolve("train/cat/a.png"));
        ImageFilesTest.write(ImageFilesTest.rgb(9, 7), "jpg", d.resolve("train/cat/b.JPG"));
        ImageFilesTest.write(ImageFilesTest.gray(6, 4), "png", d.resolve("train/dog/c.png"));
        ImageFilesTest.write(ImageFilesTest.rgb(4, 4), "jpeg", d.resolve("train/zebra/d.jpeg"));
        Files.writeString(d.resolve("train/cat/notes.txt"), "not an image");
        ImageFilesTest.write(ImageFilesTest.rgb(2, 2), "png", d.resolve("val/cat/e.png"));
        ImageFilesTest.write(ImageFilesTest.gray(3, 3), "png", d.resolve("val/zebra/f.png"));
    }

    @Test
    void classesAreSortedFolderNamesAndValBecomesTest() throws IOException {
        writeTree(dir);
        Dataset ds = new FolderReader().read(dir);
        assertThat(ds.name()).isEqualTo("folder");
        assertThat(ds.classNames()).containsExactly("cat", "dog", "zebra");
        assertThat(ds.train().size()).isEqualTo(4);
        assertThat(new int[] {ds.train().label(0), ds.train().label(1), ds.train().label(2), ds.train().label(3)})
                .containsExactly(0, 0, 1, 2);
        assertThat(ds.val().size()).isZero();
        assertThat(ds.test().size()).isEqualTo(2);
        assertThat(ds.test().label(1)).isEqualTo(2);
    }

    @Test
    void decodesLazilyKeepingGrayAsOneChannel() throws IOException {
        writeTree(dir);
        Dataset ds = new FolderReader().read(dir);
        Image a = ds.train().image(0);
        assertThat(new int[] {a.height(), a.width(), a.channels()}).containsExactly(3, 5, 3);
        assertThat(a.at(2, 4, 0)).isEqualTo(42);
        assertThat(a.at(2, 4, 2)).isEqualTo(196);
        Image c = ds.train().image(2);
        assertThat(new int[] {c.height(), c.width(), c.channels()}).containsExactly(4, 6, 1);
        assertThat(c.at(3, 5, 0)).isEqualTo(109);
        assertThat(ds.train().image(1).width()).isEqualTo(9);
        assertThat(((LazyImageSource) ds.test()).file(0)).isEqualTo(dir.resolve("val/cat/e.png"));
    }

    @Test
    void valAndTestFoldersTogetherGiveAllThreeSplits() throws IOException {
        writeTree(dir);
        ImageFilesTest.write(ImageFilesTest.rgb(2, 2), "png", dir.resolve("test/dog/g.png"));
        Dataset ds = new FolderReader().read(dir);
        assertThat(ds.val().size()).isEqualTo(2);
        assertThat(ds.test().size()).isEqualTo(1);
        assertThat(ds.test().label(0)).isEqualTo(1);
    }

    @Test
    void unreadableImageSurfacesWhenRead() throws IOException {
        writeTree(dir);
        Files.writeString(dir.resolve("train/zebra/d.jpeg"), "truncated nonsense");
        Dataset ds = new FolderReader().read(dir);
        assertThatThrownBy(() -> ds.train().image(3))
                .isInstanceOf(UserError.class).hasMessageContaining("d.jpeg").hasMessageContaining("cannot decode");
    }

    @Test
    void classFolderUnknownToTrainIsAUserError() throws IOException {
        writeTree(dir);
        ImageFilesTest.write(ImageFilesTest.rgb(2, 2), "png", dir.resolve("val/horse/h.png"));
        assertThatThrownBy(() -> new FolderReader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("horse").hasMessageContaining("train/");
    }

    @Test
    void missingTrainFolderIsAUserError() throws IOException {
        Files.createDirectories(dir.resolve("val/cat"));
        assertThatThrownBy(() -> new FolderReader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("train").hasMessageContaining("not found");
    }

    @Test
    void missingValAndTestFoldersIsAUserError() throws IOException {
        ImageFilesTest.write(ImageFilesTest.rgb(2, 2), "png", dir.resolve("train/cat/a.png"));
        assertThatThrownBy(() -> new FolderReader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("no val/ or test/");
    }

    @Test
    void trainWithoutImagesIsAUserError() throws IOException {
        Files.createDirectories(dir.resolve("train/cat"));
        Files.createDirectories(dir.resolve("val/cat"));
        assertThatThrownBy(() -> new FolderReader().read(dir))
                .isInstanceOf(UserError.class).hasMessageContaining("no .jpg");
    }

    @Test
    void missingRootIsAUserError() {
        assertThatThrownBy(() -> new FolderReader().read(dir.resolve("imagenet")))
                .isInstanceOf(UserError.class).hasMessageContaining("imagenet").hasMessageContaining("not found");
    }
}
