package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void unknownKindListsTheKnownOnes() {
        assertThatThrownBy(() -> Datasets.open("imagenet:/data", 0.1, 0))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("unknown dataset kind 'imagenet'")
                .hasMessageContaining("cifar10, cifar100, svhn, flowers102, folder, mnist, fashion-mnist");
    }

    @Test
    void everyReaderIsRegistered() {
        assertThat(Datasets.kinds()).extracting(Datasets.Kind::name).containsExactly("cifar10", "cifar100", "svhn",
                "flowers102", "folder", "mnist", "fashion-mnist", "fashion-mnist-sample", "default");
        assertThat(Datasets.kinds()).extracting(Datasets.Kind::usage).contains("cifar10:DIR", "default");
    }

    @Test
    void kindNeedingADirectorySaysSo() {
        assertThatThrownBy(() -> Datasets.open("svhn", 0.1, 0))
                .isInstanceOf(UserError.class).hasMessageContaining("svhn needs a directory");
        assertThatThrownBy(() -> Datasets.open("svhn:", 0.1, 0))
                .isInstanceOf(UserError.class).hasMessageContaining("svhn needs a directory");
        assertThatThrownBy(() -> Datasets.open("default:/x", 0.1, 0))
                .isInstanceOf(UserError.class).hasMessageContaining("takes no directory");
    }

    @Test
    void opensAKindFromItsDirectoryAndCarvesValidation() throws IOException {
        MnistReaderTest.writeMnist(dir, true);
        Dataset ds = Datasets.open("mnist:" + dir, 0.4, 7);
        assertThat(ds.name()).isEqualTo("mnist");
        assertThat(ds.val().size()).isEqualTo(2);
        assertThat(ds.train().size()).isEqualTo(3);
        assertThat(ds.test().size()).isEqualTo(3);
        Dataset none = Datasets.open("mnist:" + dir, 0, 7);
        assertThat(none.val().size()).isZero();
        assertThat(none.train().size()).isEqualTo(5);
    }

    @Test
    void ownValidationSplitIsKeptNotCarved() throws IOException {
        Flowers102ReaderTest.writeFlowers(dir);
        Dataset ds = Datasets.open("flowers102:" + dir, 0.5, 0);
        assertThat(ds.train().size()).isEqualTo(2);
        assertThat(ds.val().size()).isEqualTo(2);
    }

    @Test
    void sampleShippedInTheJarOpensWithAValidationSplit() {
        Dataset ds = Datasets.open("fashion-mnist-sample", 0.1, 0);
        assertThat(ds.name()).isEqualTo("fashion-mnist-sample");
        assertThat(ds.train().size()).isEqualTo(3600);
        assertThat(ds.val().size()).isEqualTo(400);
        assertThat(ds.test().size()).isEqualTo(1000);
        assertThat(ds.classNames()).hasSize(10).contains("Ankle boot");
    }

    @Test
    void defaultIsFashionMnist() {
        Dataset ds = Datasets.open(null, 0.0, 0);
        assertThat(ds.name()).startsWith("fashion-mnist");
        assertThat(ds.classNames()).isEqualTo(MnistReader.FASHION);
        assertThat(ds.test().image(0).channels()).isEqualTo(1);
        if (MnistReader.hasFiles(Datasets.DEBIAN_FASHION_MNIST)) {
            assertThat(ds.name()).isEqualTo("fashion-mnist");
            assertThat(ds.test().size()).isEqualTo(10000);
        }
    }

    @Test
    void badValidationFractionIsAUserError() {
        assertThatThrownBy(() -> Datasets.open("fashion-mnist-sample", 1.5, 0))
                .isInstanceOf(UserError.class).hasMessageContaining("1.5");
    }
}
