package io.annals.kernel.intake;

/** How urgent its source says an intake event is ({@code priority}; absent means {@link #MEDIUM}). */
public enum IntakePriority {
    LOW, MEDIUM, HIGH, CRITICAL
}
