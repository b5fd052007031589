package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuperClassesTest {
    @Test
    void mapsClassesToGroupsAndBack() {
        SuperClasses sc = new SuperClasses(List.of("animals", "vehicles"), new int[] {0, 1, 0, 1, 1});
        assertThat(sc.numGroups()).isEqualTo(2);
        assertThat(sc.numClasses()).isEqualTo(5);
        assertThat(sc.groupOf(2)).isZero();
        assertThat(sc.classesOf(1)).containsExactly(1, 3, 4);
        assertThat(sc).isEqualTo(new SuperClasses(List.of("animals", "vehicles"), new int[] {0, 1, 0, 1, 1}));
    }

    @Test
    void isImmutable() {
        int[] table = {0, 1};
        SuperClasses sc = new SuperClasses(List.of("a", "b"), table);
        table[0] = 1;
        sc.classToGroup()[1] = 0;
        assertThat(sc.classToGroup()).containsExactly(0, 1);
    }

    @Test
    void rejectsAGroupOutOfRange() {
        assertThatThrownBy(() -> new SuperClasses(List.of("a"), new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class 1");
    }
}
