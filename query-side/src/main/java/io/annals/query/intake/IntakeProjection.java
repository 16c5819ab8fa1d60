package io.annals.query.intake;

import io.annals.kernel.intake.IntakeDuplicatesIgnored;
import io.annals.kernel.intake.IntakeEventAccepted;
import io.annals.kernel.intake.IntakeRules;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.annals.query.admin.ReadModelTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * The intake processor (stages 3 and 4 of seed 002): classifies and enriches every accepted event with
 * {@link IntakeRules} and builds {@code intake_event_view} and {@code intake_source_view}. Its processor's segments
 * follow the sources' streams, so each source is enriched in order while sources run in parallel.
 *
 * <p>Set-based like the products projection: the handlers only collect a batch's events; when the batch prepares its
 * commit, {@link IntakeViewWriter} writes them with two statements, in the processor's transaction with its token.
 * Rebuild-safe: a rebuild writes every event's row again (the rules are pure, so to the same values) and counts the
 * sources from nothing; only an event's {@code intake_latency_ms}, measured when it was first enriched, is kept.
 */
@Component
@ReadModelTables({"intake_event_view", "intake_source_view"})
@ProcessingGroup(IntakeProjection.GROUP)
@InstanceRole(Role.INTAKE)
class IntakeProjection {

    static final String GROUP = "intake";

    private static final String BATCH = IntakeProjection.class.getName() + ".batch";

    private final IntakeViewWriter writer;
    private final Timer enrich;
    private final Clock clock;

    IntakeProjection(IntakeViewWriter writer, MeterRegistry registry) {
        this.writer = writer;
        this.enrich = Timer.builder("annals.intake.stage").tag("stage", "enrich").register(registry);
        this.clock = Clock.systemUTC();
    }

    @EventHandler
    void on(IntakeEventAccepted event) {
        record(batch -> batch.add(new IntakeViewWriter.Enriched(event, IntakeRules.enrich(event))));
    }

    @EventHandler
    void on(IntakeDuplicatesIgnored event) {
        record(batch -> batch.addDuplicates(event.bySource()));
    }


    /**
     * Adds to the batch's accumulator; the first event of a batch registers the write on the batch's prepare-commit.
     * Without a unit of work (not the case under an event processor) it is written at once.
     */
    private void record(Consumer<IntakeViewWriter.Batch> change) {
        if (!CurrentUnitOfWork.isStarted()) {
            IntakeViewWriter.Batch single = new IntakeViewWriter.Batch();
            change.accept(single);
            write(single);
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        change.accept(unitOfWork.getOrComputeResource(BATCH, key -> {
            IntakeViewWriter.Batch batch = new IntakeViewWriter.Batch();
            unitOfWork.onPrepareCommit(u -> write(batch));
            return batch;
        }));
    }

    private void write(IntakeViewWriter.Batch batch) {
        enrich.record(() -> writer.write(batch, clock.instant()));
    }
}
