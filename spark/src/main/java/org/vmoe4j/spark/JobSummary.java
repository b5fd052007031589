package org.vmoe4j.spark;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a finished job reports (printed, and written as {@code _summary.json} beside the result).
 *
 * @param model the ONNX file
 * @param input what was classified ({@code --data} spec and split, or the list file)
 * @param partitions partitions the images were spread over
 * @param images images in the output
 * @param errors images that could not be read or decoded (their rows carry the error)
 * @param labelled classified images with a known label
 * @param correct labelled images whose most probable class is their label
 * @param seconds wall time of the Spark job that classified and wrote the images
 */
record JobSummary(String model, String input, int partitions, long images, long errors, long labelled, long correct,
                  double seconds) {

    @JsonProperty
    public double imagesPerSecond() {
        return images / seconds;
    }

    /** Top-1 accuracy over the labelled images, or null without labels. */
    @JsonProperty
    public Double top1() {
        return labelled == 0 ? null : (double) correct / labelled;
    }
}
