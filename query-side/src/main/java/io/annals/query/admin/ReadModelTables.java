package io.annals.query.admin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The tables a projection (a bean with {@code @ProcessingGroup}) writes and nothing else writes. A replay builds a new
 * generation of exactly these tables beside the live ones and switches to it ({@link ProjectionRebuilds}); a new
 * projection gets blue/green rebuilds by naming its tables here.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReadModelTables {

    /** Table names as Flyway created them (lower case, schema {@code public}). */
    String[] value();
}
