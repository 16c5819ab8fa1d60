package io.annals.bench.load;

import java.time.Duration;

/** How long a phase runs: a number of operations shared by all clients, or a wall-clock duration. */
public sealed interface Budget {

    record Operations(long count) implements Budget {
    }

    record Timed(Duration duration) implements Budget {
    }

    static Budget operations(long count) {
        return new Operations(count);
    }

    static Budget timed(Duration duration) {
        return new Timed(duration);
    }
}
