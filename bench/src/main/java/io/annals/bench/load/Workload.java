package io.annals.bench.load;

/**
 * One benchmark scenario, selectable by {@link #name()} on the command line. A workload sets up its own data
 * (under names unique to the run, so workloads never disturb each other), runs its phases through
 * {@link WorkloadContext#phase}, and states what must hold afterwards through {@link WorkloadContext#check}.
 *
 * <p>Adding one: implement this in a class of its own and list it in {@link Workloads}.
 */
public interface Workload {

    String name();

    /** What is measured, in one line (shown by {@code --list}). */
    String description();

    void run(WorkloadContext context) throws Exception;
}
