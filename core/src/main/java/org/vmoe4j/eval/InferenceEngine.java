package org.vmoe4j.eval;

/** Which engine runs a trained model for evaluation and prediction; on the command line {@code djl} or {@code onnx}. */
public enum InferenceEngine {
    /** vmoe4j's Java model on DJL and libtorch: every routing visible, the reference. */
    DJL,
    /** The model exported to ONNX and run by ONNX Runtime: the deployment path, fastest at small batches. */
    ONNX
}
