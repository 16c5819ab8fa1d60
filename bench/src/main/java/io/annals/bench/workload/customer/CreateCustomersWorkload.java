package io.annals.bench.workload.customer;

import io.annals.bench.load.Budget;
import io.annals.bench.load.Operation;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.PhaseResult;
import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registering customers: each a new aggregate, a row in the command side's email registry (set validation) and a
 * read-model row. Afterwards a search for the run's id must find exactly the 201s.
 */
public final class CreateCustomersWorkload implements Workload {

    static final int DEFAULT_CLIENTS = 32;
    static final long DEFAULT_OPERATIONS = 5_000;
    static final long DEFAULT_WARMUP = 500;
    static final long AWAIT_MILLIS = 30_000;

    @Override
    public String name() {
        return "create-customers";
    }

    @Override
    public String description() {
        return "POST /api/customers with fresh emails (32 clients); a search finds exactly the 201s";
    }

    @Override
    public void run(WorkloadContext context) throws IOException, InterruptedException {
        var options = context.options();
        int clients = options.clientsOr(DEFAULT_CLIENTS);
        String tag = context.id("cc").toLowerCase();
        AtomicLong serial = new AtomicLong();
        Operation create = (client, sequence) -> {
            long n = serial.getAndIncrement();
            String body = CustomerApi.registerBody(CustomerApi.email(tag, n), CustomerApi.name(n));
            return Outcome.status(context.client().post("/api/customers", body).status());
        };
        long warmup = options.warmupOr(DEFAULT_WARMUP);
        long created = 0;
        if (warmup > 0) {
            created += context.phase("create-customers (warm-up)", clients, Budget.operations(warmup), create).succeeded();
        }
        PhaseResult measured = context.phase("create-customers", clients, options.measuredOr(DEFAULT_OPERATIONS), create);
        created += measured.succeeded();

        long found = SearchWorkload.awaitSearchCount(context, "@" + tag + ".", created, AWAIT_MILLIS);
        context.check("every 201 searchable", found == created, "created " + created + ", search found " + found);
    }
}
