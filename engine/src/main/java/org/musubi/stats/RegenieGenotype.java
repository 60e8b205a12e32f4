package org.musubi.stats;

/**
 * A variant's genotype as REGENIE's step 2 prepares it ({@code Geno.cpp: parseSnpfromBGEN}, {@code mean_impute_g}):
 * ALT dosages over the model's samples, centred on their mean, missing ones set to the mean (0 after centring); the
 * ALT frequency and the minor allele count over the samples with a genotype. Shared by {@link RegenieQt} and {@link
 * RegenieBt}.
 */
final class RegenieGenotype {
    private RegenieGenotype() {}

    /**
     * Centres {@code x} (n dosages, NaN = missing) into {@code g}; sets {@code out.n} and {@code out.altFreq}.
     *
     * @return the minor allele count (REGENIE skips a variant whose MAC is below {@code --minMAC}, 5)
     */
    static double center(double[] x, int n, double[] g, RegenieResult out) {
        double total = 0;
        int ns = 0;
        for (int i = 0; i < n; i++) {
            double v = x[i];
            if (v == v) {
                total += v;
                ns++;
            }
        }
        double mean = ns == 0 ? 0 : total / ns;
        for (int i = 0; i < n; i++) {
            double v = x[i];
            g[i] = v == v ? v - mean : 0;
        }
        out.n = n;
        out.altFreq = ns == 0 ? Double.NaN : mean / 2;
        return Math.min(total, 2.0 * ns - total);
    }

    /** {@code g -= Q Qᵀ g} (Q n×k orthonormal, column-major); returns ‖g‖². */
    static double residualize(double[] q, int n, int k, double[] g) {
        for (int c = 0; c < k; c++) {
            int off = c * n;
            double d = 0;
            for (int i = 0; i < n; i++) {
                d += q[off + i] * g[i];
            }
            for (int i = 0; i < n; i++) {
                g[i] -= d * q[off + i];
            }
        }
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += g[i] * g[i];
        }
        return ss;
    }
}
