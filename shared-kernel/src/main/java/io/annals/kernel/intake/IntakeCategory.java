package io.annals.kernel.intake;

/** What kind of fact an intake event reports, as {@link IntakeRules} classify it. */
public enum IntakeCategory {
    SYSTEM, USER, TRANSACTION, MONITORING, ALERT
}
