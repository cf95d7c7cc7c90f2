package io.autoscaler.service;

import io.autoscaler.events.PoolSpec;

/** A pool was created ({@code before} null), updated, or deleted ({@code after} null). */
public record PoolChanged(String pool, PoolSpec before, PoolSpec after) {
    public boolean deleted() {
        return after == null;
    }
}
