package io.annals.kernel.role;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component (a class, or a {@code @Bean} method) that exists only on instances running {@link #value()}:
 * on the others it is never created, so its endpoints answer 404 there and its event processor never claims a
 * segment.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface InstanceRole {

    Role value();
}
