package org.vmoe4j.data.transform;

import static org.vmoe4j.data.transform.AutoAugmentOp.AUTO_CONTRAST;
import static org.vmoe4j.data.transform.AutoAugmentOp.BRIGHTNESS;
import static org.vmoe4j.data.transform.AutoAugmentOp.COLOR;
import static org.vmoe4j.data.transform.AutoAugmentOp.CONTRAST;
import static org.vmoe4j.data.transform.AutoAugmentOp.EQUALIZE;
import static org.vmoe4j.data.transform.AutoAugmentOp.INVERT;
import static org.vmoe4j.data.transform.AutoAugmentOp.POSTERIZE;
import static org.vmoe4j.data.transform.AutoAugmentOp.ROTATE;
import static org.vmoe4j.data.transform.AutoAugmentOp.SHARPNESS;
import static org.vmoe4j.data.transform.AutoAugmentOp.SHEAR_X;
import static org.vmoe4j.data.transform.AutoAugmentOp.SHEAR_Y;
import static org.vmoe4j.data.transform.AutoAugmentOp.SOLARIZE;
import static org.vmoe4j.data.transform.AutoAugmentOp.TRANSLATE_X;
import static org.vmoe4j.data.transform.AutoAugmentOp.TRANSLATE_Y;

import java.util.List;

/**
 * The AutoAugment policies the fine-tuning recipes use (SPEC §4, ML Tables 4–6: CIFAR-10 policy,
 * or SVHN's for SVHN): 25 sub-policies of two steps each, as torchvision's
 * {@code AutoAugmentPolicy.CIFAR10} and {@code SVHN} define them (Cubuk et al. 2019).
 */
public enum AutoAugmentPolicy {
    /** No AutoAugment. */
    NONE(List.of()),
    /** torchvision {@code AutoAugmentPolicy.CIFAR10}. */
    CIFAR10(List.of(
            sub(INVERT, 0.1, -1, CONTRAST, 0.2, 6),
            sub(ROTATE, 0.7, 2, TRANSLATE_X, 0.3, 9),
            sub(SHARPNESS, 0.8, 1, SHARPNESS, 0.9, 3),
            sub(SHEAR_Y, 0.5, 8, TRANSLATE_Y, 0.7, 9),
            sub(AUTO_CONTRAST, 0.5, -1, EQUALIZE, 0.9, -1),
            sub(SHEAR_Y, 0.2, 7, POSTERIZE, 0.3, 7),
            sub(COLOR, 0.4, 3, BRIGHTNESS, 0.6, 7),
            sub(SHARPNESS, 0.3, 9, BRIGHTNESS, 0.7, 9),
            sub(EQUALIZE, 0.6, -1, EQUALIZE, 0.5, -1),
            sub(CONTRAST, 0.6, 7, SHARPNESS, 0.6, 5),
            sub(COLOR, 0.7, 7, TRANSLATE_X, 0.5, 8),
            sub(EQUALIZE, 0.3, -1, AUTO_CONTRAST, 0.4, -1),
            sub(TRANSLATE_Y, 0.4, 3, SHARPNESS, 0.2, 6),
            sub(BRIGHTNESS, 0.9, 6, COLOR, 0.2, 8),
            sub(SOLARIZE, 0.5, 2, INVERT, 0.0, -1),
            sub(EQUALIZE, 0.2, -1, AUTO_CONTRAST, 0.6, -1),
            sub(EQUALIZE, 0.2, -1, EQUALIZE, 0.6, -1),
            sub(COLOR, 0.9, 9, EQUALIZE, 0.6, -1),
            sub(AUTO_CONTRAST, 0.8, -1, SOLARIZE, 0.2, 8),
            sub(BRIGHTNESS, 0.1, 3, COLOR, 0.7, 0),
            sub(SOLARIZE, 0.4, 5, AUTO_CONTRAST, 0.9, -1),
            sub(TRANSLATE_Y, 0.9, 9, TRANSLATE_Y, 0.7, 9),
            sub(AUTO_CONTRAST, 0.9, -1, SOLARIZE, 0.8, 3),
            sub(EQUALIZE, 0.8, -1, INVERT, 0.1, -1),
            sub(TRANSLATE_Y, 0.7, 9, AUTO_CONTRAST, 0.9, -1))),
    /** torchvision {@code AutoAugmentPolicy.SVHN}. */
    SVHN(List.of(
            sub(SHEAR_X, 0.9, 4, INVERT, 0.2, -1),
            sub(SHEAR_Y, 0.9, 8, INVERT, 0.7, -1),
            sub(EQUALIZE, 0.6, -1, SOLARIZE, 0.6, 6),
            sub(INVERT, 0.9, -1, EQUALIZE, 0.6, -1),
            sub(EQUALIZE, 0.6, -1, ROTATE, 0.9, 3),
            sub(SHEAR_X, 0.9, 4, AUTO_CONTRAST, 0.8, -1),
            sub(SHEAR_Y, 0.9, 8, INVERT, 0.4, -1),
            sub(SHEAR_Y, 0.9, 5, SOLARIZE, 0.2, 6),
            sub(INVERT, 0.9, -1, AUTO_CONTRAST, 0.8, -1),
            sub(EQUALIZE, 0.6, -1, ROTATE, 0.9, 3),
            sub(SHEAR_X, 0.9, 4, SOLARIZE, 0.3, 3),
            sub(SHEAR_Y, 0.8, 8, INVERT, 0.7, -1),
            sub(EQUALIZE, 0.9, -1, TRANSLATE_Y, 0.6, 6),
            sub(INVERT, 0.9, -1, EQUALIZE, 0.6, -1),
            sub(CONTRAST, 0.3, 3, ROTATE, 0.8, 4),
            sub(INVERT, 0.8, -1, TRANSLATE_Y, 0.0, 2),
            sub(SHEAR_Y, 0.7, 6, SOLARIZE, 0.4, 8),
            sub(INVERT, 0.6, -1, ROTATE, 0.8, 4),
            sub(SHEAR_Y, 0.3, 7, TRANSLATE_X, 0.9, 3),
            sub(SHEAR_X, 0.1, 6, INVERT, 0.6, -1),
            sub(SOLARIZE, 0.7, 2, TRANSLATE_Y, 0.6, 7),
            sub(SHEAR_Y, 0.8, 4, INVERT, 0.8, -1),
            sub(SHEAR_X, 0.7, 9, TRANSLATE_Y, 0.8, 3),
            sub(SHEAR_Y, 0.8, 5, AUTO_CONTRAST, 0.7, -1),
            sub(SHEAR_X, 0.7, 2, INVERT, 0.1, -1)));

    /**
     * One step of a sub-policy.
     *
     * @param op the operation
     * @param probability chance of applying it
     * @param bin magnitude bin 0..9, or -1 for ops without magnitude
     */
    public record Step(AutoAugmentOp op, double probability, int bin) {
    }

    /** Two steps applied in order, each with its own probability. */
    public record SubPolicy(Step first, Step second) {
    }

    private final List<SubPolicy> subPolicies;

    AutoAugmentPolicy(List<SubPolicy> subPolicies) {
        this.subPolicies = subPolicies;
    }

    /** The sub-policies (empty for {@link #NONE}). */
    public List<SubPolicy> subPolicies() {
        return subPolicies;
    }

    private static SubPolicy sub(AutoAugmentOp op1, double p1, int bin1,
                                 AutoAugmentOp op2, double p2, int bin2) {
        return new SubPolicy(new Step(op1, p1, bin1), new Step(op2, p2, bin2));
    }
}
