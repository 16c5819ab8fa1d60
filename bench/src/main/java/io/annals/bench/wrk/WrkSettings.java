package io.annals.bench.wrk;

import io.annals.bench.load.Options;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** {@link WrkBench}'s command line. */
record WrkSettings(Target target, URI baseUrl, String user, String password, Duration duration, Duration warmup,
                Duration settle, double quietCpu, int threads, Path script, Path summary, Duration awaitHealth, OptionalLong servicePid,
                Path postgresPidFile, List<WrkWorkload> workloads) {

    static final String USAGE = """
            usage: java -cp bench/target/bench.jar io.annals.bench.wrk.WrkBench [options] workload ...
              --target annals|vanilla   which API the requests follow (default annals)
              --base-url URL            the running service (default http://127.0.0.1:8080)
              --user U --password P     HTTP Basic for annals (default writer / writer-pw)
              --duration D              measured wrk run per workload (default 30s)
              --warmup D                wrk warm-up before it (default 20s; 0s = none)
              --threads N               wrk threads (default 2)
              --settle D                before and after the measured run, wait up to D for the service and its
                                        PostgreSQL to fall quiet (default 60s; 0s = not)
              --quiet-cpu C             quiet: below C CPU seconds per second, both together (default 0.1)
              --script F                the Lua script (default bench/wrk/workloads.lua)
              --summary F               append a RESULT line per workload to F
              --await-health D          wait up to D for the service first (default 180s)
              --service-pid PID         the service's pid (default: the process listening on the port)
              --postgres-pid-file F     its PostgreSQL's postmaster.pid (default: postgres processes below the service)
            workloads: restock, create, create-customers (annals only), read, conflict
            """;

    static WrkSettings parse(String... args) {
        Target target = Target.ANNALS;
        URI baseUrl = URI.create("http://127.0.0.1:8080");
        String user = "writer";
        String password = "writer-pw";
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(20);
        Duration settle = Duration.ofSeconds(60);
        double quietCpu = 0.1;
        int threads = 2;
        Path script = Path.of("bench/wrk/workloads.lua");
        Path summary = null;
        Duration awaitHealth = Duration.ofSeconds(180);
        OptionalLong servicePid = OptionalLong.empty();
        Path postgresPidFile = null;
        List<WrkWorkload> workloads = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (!key.startsWith("--")) {
                workloads.add(WrkWorkload.named(key));
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            String value = args[++i];
            switch (key) {
                case "--target" -> target = Target.named(value);
                case "--base-url" -> baseUrl = URI.create(value.endsWith("/") ? value : value + "/");
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--duration" -> duration = Options.parse("--duration", value).duration().orElseThrow();
                case "--warmup" -> warmup = durationOrZero(value);
                case "--settle" -> settle = durationOrZero(value);
                case "--quiet-cpu" -> quietCpu = Double.parseDouble(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--script" -> script = Path.of(value);
                case "--summary" -> summary = Path.of(value);
                case "--await-health" -> awaitHealth = Options.parse("--duration", value).duration().orElseThrow();
                case "--service-pid" -> servicePid = OptionalLong.of(Long.parseLong(value));
                case "--postgres-pid-file" -> postgresPidFile = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + key);
            }
        }
        if (workloads.isEmpty()) {
            throw new IllegalArgumentException("name at least one workload");
        }
        return new WrkSettings(target, baseUrl, user, password, duration, warmup, settle, quietCpu, threads, script, summary,
                awaitHealth, servicePid, postgresPidFile, List.copyOf(workloads));
    }

    private static Duration durationOrZero(String value) {
        return value.matches("0+s?") ? Duration.ZERO : Options.parse("--duration", value).duration().orElseThrow();
    }
}
