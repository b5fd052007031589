package org.vmoe4j.model;

import org.vmoe4j.nn.Cost;

/** One row of the per-layer accounting table: a layer's parameter-name prefix and its cost per image. */
public record LayerCost(String name, Cost cost) {
}
