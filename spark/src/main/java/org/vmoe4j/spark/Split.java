package org.vmoe4j.spark;

import org.vmoe4j.data.Dataset;
import org.vmoe4j.data.ImageSource;

/** The split of a dataset a job classifies. */
enum Split {
    TRAIN, VAL, TEST;

    ImageSource of(Dataset dataset) {
        return switch (this) {
            case TRAIN -> dataset.train();
            case VAL -> dataset.val();
            case TEST -> dataset.test();
        };
    }
}
