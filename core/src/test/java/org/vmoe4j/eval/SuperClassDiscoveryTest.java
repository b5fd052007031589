package org.vmoe4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;
import org.vmoe4j.data.SuperClassMap;
import org.vmoe4j.data.SuperClasses;

/** Planted blocks of mutually confused classes come back as the super-classes; bad maps are refused. */
class SuperClassDiscoveryTest {
    private static final int[][] PLANTED = {{0, 1, 2}, {3, 4}, {5, 6, 7}, {8, 9}};
    private static final List<String> NAMES = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

    @TempDir
    Path dir;

    @Test
    void plantedBlocksAreRecovered() {
        long[][] confusion = plantedConfusion(new Random(3));
        SuperClasses found = SuperClassDiscovery.discover(confusion, PLANTED.length, 0);
        assertThat(partition(found)).isEqualTo(partition(PLANTED));
    }

    @Test
    void everyGroupIsNonEmptyEvenWithoutConfusion() {
        long[][] diagonal = new long[6][6];
        for (int i = 0; i < 6; i++) {
            diagonal[i][i] = 100;
        }
        SuperClasses found = SuperClassDiscovery.discover(diagonal, 4, 0);
        for (int g = 0; g < 4; g++) {
            assertThat(found.classesOf(g)).as("group %d", g).isNotEmpty();
        }
    }

    @Test
    void theGraphIsSymmetricWithoutSelfLoops() {
        double[][] graph = SuperClassDiscovery.confusionGraph(new long[][] {{8, 2}, {0, 10}});
        assertThat(graph[0][0]).isZero();
        assertThat(graph[0][1]).isEqualTo(graph[1][0]).isEqualTo(0.1);
    }

    @Test
    void aMapRoundTripsAndBadMapsAreRefusedByName() throws Exception {
        Path file = dir.resolve("map.json");
        SuperClasses groups = SuperClassDiscovery.discover(plantedConfusion(new Random(1)), 4, 0);
        SuperClassMap.write(file, groups, NAMES);
        assertThat(SuperClassMap.read(file, NAMES).classToGroup()).containsExactly(groups.classToGroup());

        Files.writeString(file, "{\"groups\": 2, \"classes\": [{\"class\": 0, \"group\": 0}, {\"class\": 12, \"group\": 1}]}");
        assertThatThrownBy(() -> SuperClassMap.read(file, NAMES)).isInstanceOf(UserError.class)
                .hasMessageContaining("unknown class 12");
        Files.writeString(file, "{\"groups\": 2, \"classes\": [{\"class\": 0, \"group\": 0}, {\"class\": 1, \"group\": 1}]}");
        assertThatThrownBy(() -> SuperClassMap.read(file, NAMES)).isInstanceOf(UserError.class)
                .hasMessageContaining("class 2 (c) is missing");
        Files.writeString(file, "{\"groups\": 2, \"classes\": [{\"class\": 0, \"group\": 5}]}");
        assertThatThrownBy(() -> SuperClassMap.read(file, NAMES)).isInstanceOf(UserError.class)
                .hasMessageContaining("expected 0..1");
    }

    private static long[][] plantedConfusion(Random random) {
        long[][] confusion = new long[10][10];
        for (int[] block : PLANTED) {
            for (int i : block) {
                confusion[i][i] = 800 + random.nextInt(100);
                for (int j : block) {
                    if (i != j) {
                        confusion[i][j] = 60 + random.nextInt(40);
                    }
                }
            }
        }
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                confusion[i][j] += random.nextInt(4); // background noise across blocks
            }
        }
        return confusion;
    }

    private static Set<Set<Integer>> partition(SuperClasses groups) {
        Set<Set<Integer>> parts = new HashSet<>();
        for (int g = 0; g < groups.numGroups(); g++) {
            parts.add(new HashSet<>(groups.classesOf(g)));
        }
        return parts;
    }

    private static Set<Set<Integer>> partition(int[][] blocks) {
        Set<Set<Integer>> parts = new HashSet<>();
        for (int[] block : blocks) {
            Set<Integer> part = new HashSet<>();
            for (int c : block) {
                part.add(c);
            }
            parts.add(part);
        }
        return parts;
    }
}
