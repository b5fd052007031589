package org.vmoe4j.nn;

import org.vmoe4j.tensor.Ops;
import ai.djl.ndarray.NDArray;

/**
 * Balancing terms that keep a router from sending everything to one expert: mLiT's (SPEC §3 Eq. 10–11, after
 * Shazeer et al. 2017) and V-MoE's (Riquelme et al. 2021, App. A), which differ in what they sum and in the
 * variance they divide.
 */
public final class LoadBalance {
    private static final float EPS = 1e-10f;

    private LoadBalance() {
    }

    /**
     * CV(v)² = Var(v) / (mean(v)² + 1e-10) with the unbiased variance, as in Shazeer et al. 2017
     * (SPEC §3: the squared coefficient of variation of per-expert sums).
     *
     * @param perExpert [E] a per-expert sum (importance or load)
     */
    public static NDArray squaredCv(NDArray perExpert) {
        long n = perExpert.getShape().get(0);
        NDArray mean = perExpert.mean();
        NDArray variance = Ops.div(perExpert.sub(mean).square().sum(), n - 1);
        return variance.div(mean.square().add(EPS));
    }

    /**
     * V-MoE's importance loss (App. A.1): CV² of imp_e = Σ_rows softmax(W x)_e, the full softmax of the clean router
     * logits (not only the chosen experts), with the population variance: Var(imp) / mean(imp)².
     *
     * @param probs [R, E] softmax of the clean logits
     */
    public static NDArray vmoeImportance(NDArray probs) {
        return populationCv2(probs.sum(new int[] {0}));
    }

    /**
     * V-MoE's load loss (App. A.2): with t_r the k-th largest noisy logit of row r, the probability that expert e
     * would still make the top k under fresh noise is p_re = 1 − Φ((t_r − (W x)_re) / σ); the loss is the CV² of
     * its mean over rows, with the population variance.
     *
     * @param clean [R, E] router logits W x
     * @param noisy [R, E] the same plus the noise drawn for this pass
     * @param std σ, the noise's standard deviation
     */
    public static NDArray vmoeLoad(NDArray clean, NDArray noisy, int k, double std) {
        NDArray threshold = noisy.topK(k, -1, true, true).get(0).get(":, " + (k - 1) + ":" + k); // [R, 1]
        NDArray p = normalCdf(Ops.div(clean.sub(threshold), std)); // 1 − Φ(z) = Φ(−z)            // [R, E]
        return populationCv2(p.mean(new int[] {0}));
    }

    /** Standard normal CDF Φ(z) = (1 + erf(z/√2)) / 2. */
    static NDArray normalCdf(NDArray z) {
        return Ops.mul(Ops.div(z, Math.sqrt(2)).erf().add(1f), 0.5);
    }

    private static NDArray populationCv2(NDArray perExpert) {
        NDArray mean = perExpert.mean();
        return perExpert.sub(mean).square().mean().div(mean.square());
    }
}
