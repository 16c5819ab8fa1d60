package io.annals.bench.wrk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.annals.bench.wrk.ComparisonTest.measured;
import static org.assertj.core.api.Assertions.assertThat;

class ComparisonChartTest {

    @Test
    void drawsARowOfThreeChartsPerWorkloadIntoAPng(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<Comparison> comparisons = Comparison.of(List.of(
                measured(Target.ANNALS, WrkWorkload.RESTOCK, 3_500, 14.0, 3.5, 40_000),
                measured(Target.VANILLA, WrkWorkload.RESTOCK, 1_320, 12.5, 6.6, 160_000),
                measured(Target.ANNALS, WrkWorkload.CREATE_CUSTOMERS, 2_000, 8.0, 2.0, 50_000)));
        Path png = dir.resolve("vs-vanilla.png");

        ComparisonChart.write(comparisons, png);

        assertThat(png).isRegularFile();
        assertThat(Files.size(png)).isGreaterThan(1_000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(3 * ComparisonChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(2 * ComparisonChart.HEIGHT);
        assertThat(distinctColours(image)).as("something was drawn, not a blank canvas").isGreaterThan(10);
    }

    private static long distinctColours(BufferedImage image) {
        return java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth())).distinct().count();
    }
}
