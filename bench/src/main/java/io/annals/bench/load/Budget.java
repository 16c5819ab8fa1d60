package io.annals.bench.load;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** How long a phase runs: a number of operations shared by all clients, a wall-clock duration, or until done. */
public sealed interface Budget {

    record Operations(long count) implements Budget {
    }

    record Timed(Duration duration) implements Budget {
    }

    static Budget operations(long count) {
        return new Operations(count);
    }

    /** Until {@code done} says so (checked before each operation): a phase as long as something else takes. */
    record Until(BooleanSupplier done) implements Budget {
    }

    static Budget until(BooleanSupplier done) {
        return new Until(done);
    }

    static Budget timed(Duration duration) {
        return new Timed(duration);
    }
}
