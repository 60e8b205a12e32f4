package org.musubi.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.musubi.testing.Fixtures;

/**
 * The HWE exact test against plink2 2.00a3.5 {@code --hardy} and {@code --hardy midp} outputs on real data, and
 * against small tables enumerated by hand.
 */
class HweExactTest {
    /**
     * Hand-computed: n = 3, 3 copies of each allele: P(het=1) = 0.6, P(het=3) = 0.4. n = 4, 4 copies of each:
     * P(het=0,2,4) = 3/35, 24/35, 8/35.
     */
    @ParameterizedTest
    @CsvSource({
        "1,1,1, 1.0, 0.7",
        "0,3,0, 0.4, 0.2",
        "2,0,2, 0.0857142857142857, 0.04285714285714286",
        "0,4,0, 0.3142857142857143, 0.2",
        "1,2,1, 1.0, 0.6571428571428571",
        "5,0,0, 1.0, 1.0",
        "0,0,0, 1.0, 1.0"
    })
    void smallTablesByHand(long homRef, long het, long homAlt, double p, double midP) {
        assertThat(HweExact.p(homRef, het, homAlt)).isCloseTo(p, within(1e-14));
        assertThat(HweExact.midP(homRef, het, homAlt)).isCloseTo(midP, within(1e-14));
        // symmetric in the two homozygote classes
        assertThat(HweExact.p(homAlt, het, homRef)).isCloseTo(p, within(1e-14));
    }

    @Test
    void logSpaceForHugeSamples() {
        // 1,000,000 samples, no heterozygotes at all: p underflows, ln p stays finite and very negative.
        double ln = HweExact.lnP(500_000, 0, 500_000, false);
        assertThat(ln).isFinite().isLessThan(-100_000);
        assertThat(HweExact.p(500_000, 0, 500_000)).isEqualTo(0.0);
        // a table at equilibrium in a huge sample
        assertThat(HweExact.p(250_000, 500_000, 250_000)).isGreaterThan(0.9);
    }

    /**
     * Every row of the plink2 outputs. plink2 prints P with 6 significant digits ({@code %g}), so the allowed error
     * is half a unit of the 6th digit of the printed value, plus 1e-12 relative for our own rounding.
     */
    @ParameterizedTest
    @CsvSource({
        "cineca.hardy, false, 829",
        "cineca_midp.hardy, true, 829",
        "glow_genotypes.hardy, false, 13",
        "1000G_chr20_17var.hardy, false, 17",
        "regenie_example.hardy, false, 1000"
    })
    void matchesPlink2Hardy(String file, boolean midP, int rows) throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.resource("data/freq/" + file));
        assertThat(lines.get(0)).endsWith(midP ? "\tMIDP" : "\tP");
        int n = 0;
        double maxRel = 0;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            long a1a1 = Long.parseLong(f[4]);
            long het = Long.parseLong(f[5]);
            long axax = Long.parseLong(f[6]);
            double printed = Double.parseDouble(f[9]);
            double ours = midP ? HweExact.midP(a1a1, het, axax) : HweExact.p(a1a1, het, axax);
            double ulp6 = 0.5 * Math.pow(10, Math.floor(Math.log10(printed)) - 5);
            assertThat(ours).as("%s: %s", file, l).isCloseTo(printed, within(ulp6 + 1e-12 * printed));
            maxRel = Math.max(maxRel, Math.abs(ours - printed) / printed);
            n++;
        }
        assertThat(n).isEqualTo(rows);
        assertThat(maxRel).as("max relative difference in %s", file).isLessThan(5e-6);
    }

    static Path fixture(String name) {
        return Fixtures.resource("data/freq/" + name);
    }
}
