package org.sabt.chassis.idempotency;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a creating POST whose first response is replayed for a repeat with the same
 * {@code Idempotency-Key}: the key and the response are stored in the transaction that does the
 * work, so a repeat can never write twice. Without the header the method runs as usual.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Idempotent {
    String HEADER = "Idempotency-Key";
}
