package io.annals.bench.load;

import io.annals.bench.workload.customer.CreateCustomersWorkload;
import io.annals.bench.workload.customer.SearchWorkload;
import io.annals.bench.workload.fanout.FanoutBacklogWorkload;
import io.annals.bench.workload.fanout.FanoutWorkload;
import io.annals.bench.workload.intake.IntakeSingleWorkload;
import io.annals.bench.workload.intake.IntakeWorkload;
import io.annals.bench.workload.product.CatchUpWorkload;
import io.annals.bench.workload.order.OrdersWorkload;
import io.annals.bench.workload.projection.ReplayWorkload;
import io.annals.bench.workload.product.ConflictWorkload;
import io.annals.bench.workload.product.CreateWorkload;
import io.annals.bench.workload.product.LagWorkload;
import io.annals.bench.workload.product.ReadWorkload;
import io.annals.bench.workload.product.RestockWorkload;
import io.annals.bench.workload.product.TemporalWorkload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Every workload, in the order {@code all} runs them. A new workload is one class and one line here. */
public final class Workloads {

    private static final Map<String, Supplier<Workload>> ALL = new LinkedHashMap<>();
    /** Workloads that need a service started for them (bench/run.sh does it), so {@code all} leaves them out. */
    private static final Set<String> NAMED_ONLY = Set.of("fanout", "fanout-off", "fanout-fill", "fanout-backlog");

    static {
        register(RestockWorkload::new);
        register(ConflictWorkload::new);
        register(CreateWorkload::new);
        register(ReadWorkload::new);
        register(LagWorkload::new);
        register(CatchUpWorkload::new);
        register(TemporalWorkload::new);
        register(CreateCustomersWorkload::new);
        register(SearchWorkload::new);
        register(ReplayWorkload::new);
        register(OrdersWorkload::new);
        register(IntakeWorkload::new);
        register(IntakeSingleWorkload::new);
        register(FanoutWorkload::off);
        register(FanoutBacklogWorkload::fill);
        register(FanoutBacklogWorkload::backlog);
        register(FanoutWorkload::new);
    }

    private Workloads() {
    }

    private static void register(Supplier<Workload> factory) {
        ALL.put(factory.get().name(), factory);
    }

    public static List<Workload> all() {
        return ALL.entrySet().stream().filter(workload -> !NAMED_ONLY.contains(workload.getKey()))
                .map(workload -> workload.getValue().get()).toList();
    }

    /** The named workloads; {@code all} or no name selects every one. */
    public static List<Workload> select(List<String> names) {
        if (names.isEmpty() || names.contains("all")) {
            return all();
        }
        return names.stream().map(name -> {
            Supplier<Workload> factory = ALL.get(name);
            if (factory == null) {
                throw new IllegalArgumentException("unknown workload " + name + "; known: " + ALL.keySet());
            }
            return factory.get();
        }).toList();
    }
}
