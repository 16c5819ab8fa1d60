package io.annals.bench.profile;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the CPU time of a JFR recording went: counts {@code jdk.ExecutionSample}s by top frame (self time), by the
 * package of the top frame, and by every method on the stack (inclusive time). Enough to see the hot spots of a
 * workload without a GUI.
 *
 * <pre>java -cp bench/target/bench.jar io.annals.bench.profile.JfrTop recording.jfr [top-n] [thread-name-prefix] [last-seconds]</pre>
 *
 * <p>{@code last-seconds} keeps only the samples of the recording's last seconds: a workload's last phase (e.g. the
 * replay after the store was filled) without the set-up before it.
 */
public final class JfrTop {

    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrTop <recording.jfr> [top-n] [thread-name-prefix]");
            System.exit(2);
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        String threadPrefix = args.length > 2 ? args[2] : "";
        List<RecordedEvent> recorded = RecordingFile.readAllEvents(Path.of(args[0]));
        Instant from = Instant.MIN;
        if (args.length > 3) {
            Instant end = recorded.stream().map(RecordedEvent::getStartTime).max(Instant::compareTo).orElse(Instant.MIN);
            from = end.minusSeconds(Long.parseLong(args[3]));
        }
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> selfPackage = new HashMap<>();
        Map<String, Long> selfLibrary = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : recorded) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStartTime().isBefore(from)) {
                continue;
            }
            String thread = event.getThread("sampledThread") == null ? "?"
                    : String.valueOf(event.getThread("sampledThread").getJavaName());
            if (!thread.startsWith(threadPrefix)) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            threads.merge(thread.replaceAll("\\d+", "#"), 1L, Long::sum);
            RecordedMethod topMethod = frames.get(0).getMethod();
            self.merge(name(topMethod), 1L, Long::sum);
            selfPackage.merge(packageOf(topMethod), 1L, Long::sum);
            selfLibrary.merge(packageOf(firstNonJdkMethod(frames)), 1L, Long::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String method = name(frame.getMethod());
                if (seen.add(method)) {
                    inclusive.merge(method, 1L, Long::sum);
                }
            }
        }
        System.out.println(samples + " execution samples" + (threadPrefix.isEmpty() ? "" : " on threads " + threadPrefix + "*"));
        print("threads", threads, samples, top);
        print("self time by package (top frame)", selfPackage, samples, top);
        print("self time by library: package of the first non-JDK frame from the top "
                + "(JDK collections, strings etc. charged to their caller)", selfLibrary, samples, top);
        print("self time by method (top frame)", self, samples, top);
        print("inclusive time by method (anywhere on the stack)", inclusive, samples, top * 2);
    }

    private static String name(RecordedMethod method) {
        return method.getType().getName() + "." + method.getName();
    }

    private static RecordedMethod firstNonJdkMethod(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (!(type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun."))) {
                return frame.getMethod();
            }
        }
        return frames.get(0).getMethod();
    }

    private static String packageOf(RecordedMethod method) {
        String type = method.getType().getName();
        String[] parts = type.split("\\.");
        int depth = Math.min(parts.length - 1, type.startsWith("org.") || type.startsWith("com.") ? 3 : 2);
        return String.join(".", Arrays.copyOf(parts, Math.max(depth, 1)));
    }

    private static void print(String title, Map<String, Long> counts, long total, int top) {
        System.out.println();
        System.out.println("== " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "%6.1f%%  %7d  %s%n",
                        100.0 * e.getValue() / Math.max(1, total), e.getValue(), e.getKey()));
    }
}
