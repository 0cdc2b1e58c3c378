package dev.starling.tools.experiment;

import java.util.Arrays;

/**
 * Summary statistics of repeated measurements: mean with a 95% confidence interval (Student's t),
 * median and quartiles (linear interpolation between order statistics, as numpy's default).
 *
 * @param n      samples
 * @param mean   arithmetic mean
 * @param ci95   half-width of the 95% confidence interval of the mean (0 for fewer than 2 samples)
 * @param median the 50th percentile
 * @param q1     the 25th percentile
 * @param q3     the 75th percentile
 * @param min    smallest sample
 * @param max    largest sample
 */
public record Stats(int n, double mean, double ci95, double median, double q1, double q3, double min, double max) {

    /** Two-sided 97.5% quantiles of Student's t for 1 to 30 degrees of freedom. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
            2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

    public static Stats of(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double mean = Arrays.stream(sorted).average().orElse(0);
        double ci = 0;
        if (n > 1) {
            double squares = 0;
            for (double x : sorted) {
                squares += (x - mean) * (x - mean);
            }
            double sd = Math.sqrt(squares / (n - 1));
            ci = t975(n - 1) * sd / Math.sqrt(n);
        }
        return new Stats(n, mean, ci, percentile(sorted, 50), percentile(sorted, 25), percentile(sorted, 75),
                sorted[0], sorted[n - 1]);
    }

    static double t975(int degreesOfFreedom) {
        if (degreesOfFreedom <= T975.length) {
            return T975[degreesOfFreedom - 1];
        }
        return degreesOfFreedom <= 60 ? 2.000 : degreesOfFreedom <= 120 ? 1.980 : 1.960;
    }

    /** Percentile {@code p} (0 to 100) of sorted samples, interpolated linearly. */
    static double percentile(double[] sorted, double p) {
        double rank = p / 100 * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
