package io.annals.bench.wrk;

import java.nio.file.Path;
import java.util.List;

/**
 * The end of {@code bench/run.sh --vs-vanilla}: reads the summary file both services' wrk runs wrote, prints the
 * comparison as a Markdown table with the ratios, and draws it to a PNG.
 *
 * <pre>java -cp bench/target/bench.jar io.annals.bench.wrk.VsVanilla summary.txt chart.png</pre>
 */
public final class VsVanilla {

    private VsVanilla() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: VsVanilla <summary file> <chart.png>");
            System.exit(2);
            return;
        }
        System.setProperty("java.awt.headless", "true");
        List<Comparison> comparisons = Comparison.of(Measurement.read(Path.of(args[0])));
        System.out.println("Annals beside vanilla Axon (client: wrk, not charged; CPU per successful operation):");
        System.out.print(Comparison.table(comparisons));
        ComparisonChart.write(comparisons, Path.of(args[1]));
        System.out.println("chart: " + args[1]);
    }
}
