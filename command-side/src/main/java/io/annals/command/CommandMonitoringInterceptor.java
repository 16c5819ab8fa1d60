package io.annals.command;

import io.annals.command.lineage.Lineage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Logs every command and its outcome as one structured line (type, aggregate, correlation id, outcome, duration —
 * never the payload, which may hold personal data) and times it in Micrometer as {@code annals.commands}, tagged by
 * command type and outcome. The outcome is taken after commit or rollback, so a lost append race counts as a failure.
 */
class CommandMonitoringInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger("annals.commands");

    private final MeterRegistry meterRegistry;

    CommandMonitoringInterceptor(MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        String type = command.getPayloadType().getSimpleName();
        Object correlationId = command.getMetaData().get(Lineage.CORRELATION_ID);
        long start = System.nanoTime();
        unitOfWork.afterCommit(u -> record(type, "success", null, correlationId, start));
        unitOfWork.onRollback(u -> {
            Throwable failure = u.getExecutionResult() == null ? null : u.getExecutionResult().getExceptionResult();
            record(type, failure == null ? "rollback" : failure.getClass().getSimpleName(), failure, correlationId,
                    start);
        });
        return chain.proceed();
    }

    private void record(String type, String outcome, Throwable failure, Object correlationId, long start) {
        long nanos = System.nanoTime() - start;
        Timer.builder("annals.commands")
                .description("Command handling, from handler start to commit or rollback")
                .tag("command", type)
                .tag("outcome", outcome)
                .register(meterRegistry)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (failure == null) {
            log.debug("command={} outcome={} correlationId={} durationMs={}", type, outcome, correlationId,
                    nanos / 1_000_000.0);
        } else {
            log.info("command={} outcome={} correlationId={} durationMs={} reason=\"{}\"", type, outcome,
                    correlationId, nanos / 1_000_000.0, failure.getMessage());
        }
    }
}
