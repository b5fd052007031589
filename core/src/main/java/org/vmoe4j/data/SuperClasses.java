package org.vmoe4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A division of a dataset's classes into super-classes (groups): Mobile V-MoE trains expert i on
 * super-class i (SPEC §2). CIFAR-100's 20 coarse labels are one such division; super-class
 * discovery (SPEC §2.2) writes others.
 *
 * @param groupNames the name of each group; group g is {@code groupNames.get(g)}
 * @param classToGroup for each class index c, the group it belongs to (0 &lt;= group &lt; groups)
 */
public record SuperClasses(List<String> groupNames, int[] classToGroup) {

    public SuperClasses {
        groupNames = List.copyOf(groupNames);
        classToGroup = classToGroup.clone();
        if (groupNames.isEmpty()) {
            throw new IllegalArgumentException("a super-class division needs at least one group");
        }
        for (int c = 0; c < classToGroup.length; c++) {
            int g = classToGroup[c];
            if (g < 0 || g >= groupNames.size()) {
                throw new IllegalArgumentException("class " + c + " is put in group " + g
                        + ", but there are only groups 0.." + (groupNames.size() - 1));
            }
        }
    }

    /** Groups named {@code group 0} .. {@code group E-1}. */
    public static SuperClasses numbered(int[] classToGroup, int groups) {
        List<String> names = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            names.add("group " + g);
        }
        return new SuperClasses(names, classToGroup);
    }

    /** A copy of the class → group table. */
    @Override
    public int[] classToGroup() {
        return classToGroup.clone();
    }

    /** Number of groups (the number of experts that super-class routing needs). */
    public int numGroups() {
        return groupNames.size();
    }

    /** Number of classes divided. */
    public int numClasses() {
        return classToGroup.length;
    }

    /** The group of class {@code c}. */
    public int groupOf(int c) {
        return classToGroup[c];
    }

    /** The classes of group {@code g}, ascending. */
    public List<Integer> classesOf(int g) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < classToGroup.length; c++) {
            if (classToGroup[c] == g) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SuperClasses s && groupNames.equals(s.groupNames)
                && Arrays.equals(classToGroup, s.classToGroup);
    }

    @Override
    public int hashCode() {
        return 31 * groupNames.hashCode() + Arrays.hashCode(classToGroup);
    }

    @Override
    public String toString() {
        return "SuperClasses[groups=" + groupNames + ", classToGroup=" + Arrays.toString(classToGroup) + "]";
    }
}
