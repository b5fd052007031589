package org.vmoe4j.config;

/** How routed rows (images or tokens) reach their experts; {@code nn.Dispatcher} implements both. */
public enum Dispatch {
    /** Rows sorted by expert: each expert runs once, on exactly the rows routed to it. */
    SPARSE,
    /** Every expert on every row, weighted by the gate matrix (zeros for experts not chosen). */
    DENSE
}
