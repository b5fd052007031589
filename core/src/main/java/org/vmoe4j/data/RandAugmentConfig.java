package org.vmoe4j.data;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmoe4j.UserError;

/**
 * timm's RandAugment settings (SPEC §2 Training, DeiT recipe: {@code rand-m9-mstd0.5-inc1}).
 *
 * @param ops operations drawn per image, with replacement (timm's {@code n}, default 2)
 * @param magnitude magnitude 0..10 (timm's {@code m}; 10 is {@code _LEVEL_DENOM})
 * @param magnitudeStd standard deviation of the Gaussian noise added to the magnitude each time
 *     an op is applied (timm's {@code mstd}); 0 for a fixed magnitude
 * @param increasing whether to use timm's "increasing" op list ({@code inc1}), in which every
 *     op grows more severe with the magnitude
 */
public record RandAugmentConfig(int ops, int magnitude, double magnitudeStd, boolean increasing) {
    /** DeiT's {@code rand-m9-mstd0.5-inc1}: 2 ops, magnitude 9, noise 0.5, increasing ops. */
    public static final RandAugmentConfig DEIT = new RandAugmentConfig(2, 9, 0.5, true);

    private static final Pattern SECTION = Pattern.compile("([a-z]+)(\\d.*)");

    public RandAugmentConfig {
        if (ops < 1) {
            throw new UserError("RandAugment needs at least 1 op per image, got " + ops);
        }
        if (magnitude < 0 || magnitude > 10) {
            throw new UserError("RandAugment magnitude must be in 0..10, got " + magnitude);
        }
        if (!(magnitudeStd >= 0 && magnitudeStd <= 100)) {
            throw new UserError("RandAugment magnitude std must be in [0, 100], got "
                    + magnitudeStd);
        }
    }

    /**
     * Parses timm's notation {@code rand[-mM][-nN][-mstdS][-incI]} (defaults m10, n2, mstd0,
     * inc0), e.g. {@code rand-m9-mstd0.5-inc1}.
     */
    public static RandAugmentConfig parse(String spec) {
        String[] sections = spec.split("-");
        if (!sections[0].equals("rand")) {
            throw new UserError("RandAugment spec must start with 'rand', e.g. "
                    + "rand-m9-mstd0.5-inc1, got '" + spec + "'");
        }
        int ops = 2;
        int magnitude = 10;
        double std = 0;
        boolean increasing = false;
        for (int i = 1; i < sections.length; i++) {
            Matcher m = SECTION.matcher(sections[i]);
            if (!m.matches()) {
                throw bad(spec, sections[i]);
            }
            try {
                switch (m.group(1)) {
                    case "m" -> magnitude = Integer.parseInt(m.group(2));
                    case "n" -> ops = Integer.parseInt(m.group(2));
                    case "mstd" -> std = Double.parseDouble(m.group(2));
                    case "inc" -> increasing = Integer.parseInt(m.group(2)) != 0;
                    default -> throw bad(spec, sections[i]);
                }
            } catch (NumberFormatException e) {
                throw bad(spec, sections[i]);
            }
        }
        return new RandAugmentConfig(ops, magnitude, std, increasing);
    }

    /** The settings in timm's notation, e.g. {@code rand-m9-n2-mstd0.5-inc1}. */
    public String spec() {
        return "rand-m" + magnitude + "-n" + ops + "-mstd" + magnitudeStd + "-inc"
                + (increasing ? 1 : 0);
    }

    private static UserError bad(String spec, String section) {
        return new UserError("RandAugment spec '" + spec + "': section '" + section
                + "' is not one of mM, nN, mstdS, incI");
    }
}
