package org.vmoe4j.data.transform;

import java.util.List;
import java.util.Random;
import org.vmoe4j.data.Image;
import org.vmoe4j.data.transform.AutoAugmentPolicy.Step;
import org.vmoe4j.data.transform.AutoAugmentPolicy.SubPolicy;

/**
 * AutoAugment (SPEC §4, fine-tuning recipe) as torchvision's {@code AutoAugment.forward}: per
 * image, pick one sub-policy uniformly, then for each of its two steps apply the op if a uniform
 * draw is {@code <= probability}, with the bin's magnitude negated for signed ops when a fair
 * coin says so. Every call takes exactly five draws from the {@code Random} (sub-policy, two
 * probabilities, two signs), whatever is applied.
 */
public final class AutoAugment {
    private final AutoAugmentPolicy policy;

    public AutoAugment(AutoAugmentPolicy policy) {
        this.policy = policy;
    }

    public AutoAugmentPolicy policy() {
        return policy;
    }

    /** Augments one image (returns it unchanged for {@link AutoAugmentPolicy#NONE}). */
    public Image apply(Image img, Random random) {
        List<SubPolicy> subs = policy.subPolicies();
        if (subs.isEmpty()) {
            return img;
        }
        SubPolicy sub = subs.get(random.nextInt(subs.size()));
        float p0 = random.nextFloat();
        float p1 = random.nextFloat();
        boolean negative0 = !random.nextBoolean();
        boolean negative1 = !random.nextBoolean();
        Image out = img;
        if (p0 <= sub.first().probability()) {
            out = applyStep(out, sub.first(), negative0);
        }
        if (p1 <= sub.second().probability()) {
            out = applyStep(out, sub.second(), negative1);
        }
        return out;
    }

    /** Applies one step unconditionally, negating a signed magnitude if asked. */
    public static Image applyStep(Image img, Step step, boolean negative) {
        AutoAugmentOp op = step.op();
        double m = op.magnitude(step.bin(), img.height(), img.width());
        if (op.signed() && negative) {
            m = -m;
        }
        return op.apply(img, m);
    }
}
