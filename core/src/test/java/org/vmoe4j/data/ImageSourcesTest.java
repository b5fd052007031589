package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImageSourcesTest {
    private final InMemoryImageSource src =
            new InMemoryImageSource(1, 2, 1, new byte[] {1, 2, 3, 4, 5, 6}, new int[] {7, 8, 9});

    @Test
    void subsetIsAViewInTheGivenOrder() {
        ImageSource sub = ImageSources.subset(src, new int[] {2, 0});
        assertThat(sub.size()).isEqualTo(2);
        assertThat(sub.label(0)).isEqualTo(9);
        assertThat(sub.image(0).at(0, 1, 0)).isEqualTo(6);
        assertThat(sub.image(1).at(0, 0, 0)).isEqualTo(1);
        assertThat(ImageSources.fixedShape(ImageSources.subset(sub, new int[] {1})))
                .contains(new ImageSources.Shape(1, 2, 1));
    }

    @Test
    void subsetRejectsIndicesOutsideTheSource() {
        assertThatThrownBy(() -> ImageSources.subset(src, new int[] {3})).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void emptyHasNoImagesAndNoShape() {
        assertThat(ImageSources.empty().size()).isZero();
        assertThat(ImageSources.fixedShape(new LazyImageSource(Path.of("."), new String[0], new int[0]))).isEmpty();
    }

    @Test
    void classCountsCountLabels() {
        ImageSource s = new InMemoryImageSource(1, 1, 1, new byte[4], new int[] {0, 2, 2, 2});
        assertThat(ImageSources.classCounts(s, 3)).containsExactly(1, 0, 3);
    }

    @Test
    void inMemorySourceChecksItsBufferSize() {
        assertThatThrownBy(() -> new InMemoryImageSource(2, 2, 3, new byte[11], new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
