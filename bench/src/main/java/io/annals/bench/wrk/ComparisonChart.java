package io.annals.bench.wrk;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The comparison as a PNG: one row per workload, and in it three charts of Annals beside vanilla — successful
 * operations per second, CPU milliseconds per operation (service and PostgreSQL stacked), and the latency
 * percentiles. Each chart has its own linear scale: the workloads differ by orders of magnitude, and one shared
 * axis would flatten all but the fastest.
 */
public final class ComparisonChart {

    static final int WIDTH = 420;
    static final int HEIGHT = 280;
    private static final Color ANNALS = new Color(0x1f77b4);
    private static final Color VANILLA = new Color(0xd62728);
    private static final Color SERVICE = new Color(0x4d4d4d);
    private static final Color POSTGRES = new Color(0x8fbcd4);

    private ComparisonChart() {
    }

    public static void write(List<Comparison> comparisons, Path png) throws IOException {
        if (comparisons.isEmpty()) {
            throw new IllegalArgumentException("nothing to draw: no measurements");
        }
        List<CategoryChart> charts = new ArrayList<>();
        for (Comparison comparison : comparisons) {
            charts.add(rate(comparison));
            charts.add(cpu(comparison));
            charts.add(latency(comparison));
        }
        BitmapEncoder.saveBitmap(charts, comparisons.size(), 3, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static CategoryChart rate(Comparison c) {
        CategoryChart chart = chart(c.workload().label() + ": successful ops/s", "ops/s");
        // one category, one series per service: the bars stand side by side in the services' colours
        List<String> category = List.of(c.workload().connections() + " connections");
        c.annals().ifPresent(m -> chart.addSeries("Annals", category, List.of(m.wrk().okPerSecond()))
                .setFillColor(ANNALS));
        c.vanilla().ifPresent(m -> chart.addSeries("vanilla", category, List.of(m.wrk().okPerSecond()))
                .setFillColor(VANILLA));
        headroom(chart, Stream.concat(c.annals().stream(), c.vanilla().stream()).map(m -> m.wrk().okPerSecond()));
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Color.BLACK);
        return chart;
    }

    private static CategoryChart cpu(Comparison c) {
        boolean byReference = c.workload().annalsOnly();
        // for a workload vanilla lacks, its restock stands beside it, named so on its bar
        CategoryChart chart = chart(c.workload().label() + ": CPU ms per op", "CPU ms/op");
        List<String> names = new ArrayList<>();
        List<Measurement> measured = new ArrayList<>();
        c.annals().ifPresent(m -> {
            names.add("Annals");
            measured.add(m);
        });
        c.reference().ifPresent(m -> {
            names.add(byReference ? "vanilla restock" : "vanilla");
            measured.add(m);
        });
        chart.getStyler().setStacked(true);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setShowStackSum(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Color.BLACK);
        headroom(chart, measured.stream().flatMap(m -> m.totalMillisPerOp().stream()));
        chart.addSeries("service", names, values(measured, Measurement::serviceMillisPerOp)).setFillColor(SERVICE);
        chart.addSeries("PostgreSQL", names, values(measured, Measurement::postgresMillisPerOp))
                .setFillColor(POSTGRES);
        return chart;
    }

    private static CategoryChart latency(Comparison c) {
        CategoryChart chart = chart(c.workload().label() + ": latency percentiles", "ms");
        List<String> percentiles = List.of("p50", "p90", "p99", "p99.9");
        c.annals().ifPresent(m -> chart.addSeries("Annals", percentiles, percentiles(m)).setFillColor(ANNALS));
        c.vanilla().ifPresent(m -> chart.addSeries("vanilla", percentiles, percentiles(m)).setFillColor(VANILLA));
        return chart;
    }

    /** Room above the tallest bar for its label, and round ticks even when a chart has a single bar. */
    private static void headroom(CategoryChart chart, Stream<Double> values) {
        values.max(Double::compare).filter(max -> max > 0)
                .ifPresent(max -> chart.getStyler().setYAxisMax(max * 1.15));
    }

    private static List<Double> percentiles(Measurement m) {
        WrkResult.Latency l = m.wrk().latency();
        return List.of(l.millis(l.p50()), l.millis(l.p90()), l.millis(l.p99()), l.millis(l.p999()));
    }

    private static List<Double> values(List<Measurement> measured, Function<Measurement, Optional<Double>> value) {
        return measured.stream().map(m -> value.apply(m).orElse(0.0)).toList();
    }

    private static CategoryChart chart(String title, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle)
                .build();
        Styler styler = chart.getStyler();
        // below the plot, so that it never hides a bar
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setToolTipsEnabled(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        return chart;
    }
}
