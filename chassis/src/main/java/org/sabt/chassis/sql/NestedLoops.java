package org.sabt.chassis.sql;

import jakarta.persistence.EntityManager;

import java.util.function.Supplier;

/**
 * Runs a query as nested loops over indexes, in the caller's transaction: for a join from a few rows (a chunk, the
 * unsealed entries) into a table that only grows, where the planner's estimates may choose to scan that table (a hash
 * or merge join) and the cost then grows with it. Without PostgreSQL's JIT compilation: the same estimates (a few
 * thousand rows per loop, where there are a handful) put such a query over the JIT's thresholds, and compiling and
 * optimising its expressions took longer than running them.
 */
public final class NestedLoops {

    private NestedLoops() {
    }

    public static <T> T query(EntityManager em, Supplier<T> query) {
        em.createNativeQuery("SET LOCAL enable_hashjoin = off").executeUpdate();
        em.createNativeQuery("SET LOCAL enable_mergejoin = off").executeUpdate();
        em.createNativeQuery("SET LOCAL jit = off").executeUpdate();
        try {
            return query.get();
        } finally {
            em.createNativeQuery("SET LOCAL enable_hashjoin TO DEFAULT").executeUpdate();
            em.createNativeQuery("SET LOCAL enable_mergejoin TO DEFAULT").executeUpdate();
            em.createNativeQuery("SET LOCAL jit TO DEFAULT").executeUpdate();
        }
    }
}
