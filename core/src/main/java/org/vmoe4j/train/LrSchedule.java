package org.vmoe4j.train;

/**
 * The learning rate at each step (SPEC §4): linear warm-up from 0 to the peak over the warm-up steps,
 * then cosine decay to the minimum at the last step.
 */
public record LrSchedule(double peak, double min, long warmupSteps, long totalSteps) {

    public double at(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress = totalSteps == warmupSteps ? 1 : (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
    }
}
