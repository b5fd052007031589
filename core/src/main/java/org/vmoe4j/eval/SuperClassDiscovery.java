package org.vmoe4j.eval;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.vmoe4j.UserError;
import org.vmoe4j.data.SuperClasses;

/**
 * Super-class discovery (MV §2.2, SPEC §2): classes a dense model confuses with each other go to the same
 * expert. The confusion matrix becomes a graph (confusion rates per true class, symmetrised, self-loops
 * removed), which spectral clustering (Ng, Jordan &amp; Weiss 2001: the E leading eigenvectors of the
 * normalised affinity, rows scaled to unit length, k-means++) splits into exactly E non-empty groups.
 */
public final class SuperClassDiscovery {
    private static final int RESTARTS = 20;

    private SuperClassDiscovery() {
    }

    /** The symmetric confusion graph: w_ij = (n_ij / n_i + n_ji / n_j) / 2 for i ≠ j, 0 on the diagonal. */
    public static double[][] confusionGraph(long[][] confusion) {
        int c = confusion.length;
        double[][] rates = new double[c][c];
        for (int i = 0; i < c; i++) {
            long total = java.util.Arrays.stream(confusion[i]).sum();
            for (int j = 0; j < c; j++) {
                rates[i][j] = total == 0 || i == j ? 0 : (double) confusion[i][j] / total;
            }
        }
        double[][] graph = new double[c][c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                graph[i][j] = (rates[i][j] + rates[j][i]) / 2;
            }
        }
        return graph;
    }

    /** Splits the classes of a confusion matrix into {@code groups} non-empty super-classes. */
    public static SuperClasses discover(long[][] confusion, int groups, long seed) {
        int c = confusion.length;
        if (groups < 1 || groups > c) {
            throw new UserError("cannot split " + c + " classes into " + groups + " non-empty groups");
        }
        double[][] embedding = spectralEmbedding(confusionGraph(confusion), groups);
        List<ClassPoint> points = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            points.add(new ClassPoint(i, embedding[i]));
        }
        JDKRandomGenerator random = new JDKRandomGenerator();
        random.setSeed(seed);
        var kmeans = new MultiKMeansPlusPlusClusterer<>(new KMeansPlusPlusClusterer<ClassPoint>(groups, 100,
                new org.apache.commons.math3.ml.distance.EuclideanDistance(), random,
                KMeansPlusPlusClusterer.EmptyClusterStrategy.FARTHEST_POINT), RESTARTS);
        List<CentroidCluster<ClassPoint>> clusters = kmeans.cluster(points);
        int[] toGroup = new int[c];
        for (int g = 0; g < clusters.size(); g++) {
            for (ClassPoint p : clusters.get(g).getPoints()) {
                toGroup[p.index()] = g;
            }
        }
        return SuperClasses.numbered(toGroup, groups);
    }

    /** One class's row of the spectral embedding. */
    private record ClassPoint(int index, double[] row) implements Clusterable {
        @Override
        public double[] getPoint() {
            return row;
        }
    }

    /** Rows of the {@code k} leading eigenvectors of D^-1/2 (W + εI) D^-1/2, each scaled to unit length. */
    private static double[][] spectralEmbedding(double[][] graph, int k) {
        int c = graph.length;
        double[] degree = new double[c];
        double[][] affinity = new double[c][c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                affinity[i][j] = graph[i][j] + (i == j ? 1e-6 : 1e-9); // keeps isolated classes connected
                degree[i] += affinity[i][j];
            }
        }
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                affinity[i][j] /= Math.sqrt(degree[i] * degree[j]);
            }
        }
        RealMatrix normalised = new Array2DRowRealMatrix(affinity);
        EigenDecomposition eigen = new EigenDecomposition(normalised);
        Integer[] order = new Integer[c];
        for (int i = 0; i < c; i++) {
            order[i] = i;
        }
        double[] values = eigen.getRealEigenvalues();
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[][] rows = new double[c][k];
        for (int j = 0; j < k; j++) {
            double[] vector = eigen.getEigenvector(order[j]).toArray();
            for (int i = 0; i < c; i++) {
                rows[i][j] = vector[i];
            }
        }
        for (double[] row : rows) {
            double norm = Math.sqrt(java.util.Arrays.stream(row).map(x -> x * x).sum());
            for (int j = 0; j < k && norm > 0; j++) {
                row[j] /= norm;
            }
        }
        return rows;
    }
}
