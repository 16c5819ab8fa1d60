package io.annals.command.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a creating {@code @PostMapping} controller method: requests to it honour an {@code Idempotency-Key}
 * ({@link IdempotencyFilter}). The mapping must be a fixed path (no variables), because a key is scoped per user and
 * that path. The method should also make its answer part of its command's commit ({@link IdempotentAnswers}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IdempotentCreate {
}
