package io.annals.command.intake;

import java.util.OptionalLong;

/** How far the intake's enrichment processor is behind the event store's head; its runtime implements it. */
public interface EnrichmentLag {

    /** Events between the processor's least advanced segment and the head; empty while the processor has no token. */
    OptionalLong eventsBehind();
}
