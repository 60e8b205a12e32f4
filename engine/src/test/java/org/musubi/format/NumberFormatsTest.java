package org.musubi.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.musubi.util.ByteText;

/** {@link NumberFormats#g6} against C's {@code %g} (Python's, correctly rounded like glibc) and its exact path. */
class NumberFormatsTest {
    /** Value, Python {@code '%g' % value}. */
    private static final String[][] PRINTF = {
        {"0.000123456", "0.000123456"},
        {"1234567.0", "1.23457e+06"},
        {"1e-05", "1e-05"},
        {"123456.0", "123456"},
        {"0.1", "0.1"},
        {"-2.5", "-2.5"},
        {"1e+100", "1e+100"},
        {"9.999996", "10"},
        {"0.99999949", "0.999999"},
        {"0.99999951", "1"},
        {"1e-300", "1e-300"},
        {"3.14159265358979", "3.14159"},
        {"-0.00012345649", "-0.000123456"},
        {"2.5e-07", "2.5e-07"},
        {"5e-324", "4.94066e-324"},
        {"1.7976931348623157e+308", "1.79769e+308"},
        {"100000.0", "100000"},
        {"999999.4", "999999"},
        {"0.0001", "0.0001"},
        {"9.999996e-05", "0.0001"},
        {"24580338977.940384", "2.45803e+10"},
        {"-2829289764.882095", "-2.82929e+09"},
        {"88490056755.41006", "8.84901e+10"},
        {"3040.6339350827016", "3040.63"},
        {"-94.19895434327705", "-94.199"},
        {"5.519171348714339e-06", "5.51917e-06"},
        {"2.979491062738484e-08", "2.97949e-08"},
        {"-773.5880706937113", "-773.588"},
        {"0.7368909157301906", "0.736891"},
        {"87521.71847186085", "87521.7"},
        {"-50133857111.46268", "-5.01339e+10"},
        {"-5.665403990723037e-05", "-5.6654e-05"},
    };

    @Test
    void matchesPrintfG() {
        for (String[] c : PRINTF) {
            assertThat(NumberFormats.g6(Double.parseDouble(c[0]))).as(c[0]).isEqualTo(c[1]);
        }
    }

    /** The fast path gives the exact path's text on a million values of every magnitude and near-ties. */
    @Test
    void fastPathEqualsExactPath() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 1_000_000; i++) {
            double v;
            switch (i % 4) {
                case 0 -> v = Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL) * (r.nextBoolean() ? 1 : -1);
                case 1 -> v = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-20, 20));
                case 2 -> v = (r.nextInt(100000, 1000000) + 0.5) * Math.pow(10, r.nextInt(-12, 6));
                default -> v = Math.exp(-r.nextDouble() * 700);
            }
            assertThat(NumberFormats.g6(v)).as("%s", v).isEqualTo(NumberFormats.g6Exact(v));
        }
    }

    /**
     * The fast path takes short decimals too (near an integer once scaled: counts over counts, call rates, values of
     * six digits or fewer, powers of ten and their neighbours, the %g layout boundaries) and gives the exact path's
     * text on 600,000 of them.
     */
    @Test
    void fastPathEqualsExactPathOnShortDecimals() {
        SplittableRandom r = new SplittableRandom(1913);
        for (int i = 0; i < 600_000; i++) {
            double v;
            switch (i % 6) {
                case 0 -> {
                    long d = 1 + r.nextLong(400_000);
                    v = (double) r.nextLong(d + 1) / d;
                }
                case 1 -> {
                    long d = r.nextBoolean() ? 10_000 : 1 + r.nextLong(20_000);
                    v = 1 - (double) r.nextLong(d + 1) / d;
                }
                case 2 -> v = r.nextInt(1, 1_000_000) / Math.pow(10, r.nextInt(0, 14)) * (r.nextBoolean() ? 1 : 1e8);
                case 3 -> {
                    double p = Math.pow(10, r.nextInt(-12, 12));
                    v = switch (r.nextInt(3)) {
                        case 0 -> p;
                        case 1 -> Math.nextUp(p);
                        default -> Math.nextDown(p);
                    };
                }
                case 4 -> {
                    double b = r.nextBoolean() ? 1e-4 : 1e6;
                    v = b * (1 + (r.nextInt(-40, 40)) * 1e-7) * (r.nextBoolean() ? 1 : -1);
                }
                default -> v = r.nextInt(1, 50_000) - r.nextInt(0, 3) * 1e-10 * r.nextInt(1, 9);
            }
            assertThat(NumberFormats.g6(v)).as("%s", v).isEqualTo(NumberFormats.g6Exact(v));
        }
    }

    /**
     * {@link NumberFormats#javaG6} without a Formatter gives {@link NumberFormats#javaG6Formatter}'s text (Java's
     * {@code %.6g}, trailing zeros removed) on 600,000 values: every bit pattern, every magnitude, allele
     * frequencies AC/AN, short decimals (exactly six digits or fewer: near an integer once scaled), ties of the sixth
     * digit in decimal (where Java and C differ), their neighbours one ulp away, powers of ten and the 1e-4 / 1e6
     * layout boundaries. The form written into a {@link ByteText} (the sites VCF lines) gives the same text, after
     * other text in the buffer.
     */
    @Test
    void javaG6EqualsJavaFormatter() {
        SplittableRandom r = new SplittableRandom(1217);
        for (int i = 0; i < 600_000; i++) {
            double v;
            switch (i % 8) {
                case 0 -> v = Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL) * (r.nextBoolean() ? 1 : -1);
                case 1 -> v = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-20, 20));
                case 2 -> {
                    long an = 2 + r.nextLong(400_000);
                    v = (double) r.nextLong(an + 1) / an;
                }
                case 3 -> v = r.nextInt(1, 1_000_000) / Math.pow(10, r.nextInt(0, 14)) * (r.nextBoolean() ? 1 : 1e8);
                case 4 -> v = Double.parseDouble(r.nextInt(100000, 1000000) + "5e" + r.nextInt(-14, 14));
                case 5 -> {
                    double t = Double.parseDouble(r.nextInt(100000, 1000000) + "5e" + r.nextInt(-14, 14));
                    v = r.nextBoolean() ? Math.nextUp(t) : Math.nextDown(t);
                }
                case 6 -> {
                    double p = Math.pow(10, r.nextInt(-12, 12));
                    v = switch (r.nextInt(4)) {
                        case 0 -> p;
                        case 1 -> Math.nextUp(p);
                        case 2 -> Math.nextDown(p);
                        default -> p * (1 - 5e-7 * (1 + r.nextInt(3) - 1));
                    };
                }
                default -> v = Math.exp(-r.nextDouble() * 700) * (r.nextBoolean() ? 1 : -1);
            }
            assertJavaG6(v);
        }
        double[] edge = {
            0,
            -0.0,
            1,
            -1,
            0.5,
            1e-4,
            9.99995e-5,
            9.999949999e-5,
            999999.5,
            999999.49999,
            1e6,
            123456.5,
            1.000005,
            1.0000050000000001,
            0.1,
            0.3,
            2.0 / 3,
            1e-300,
            5e-324,
            Double.MIN_NORMAL,
            Double.MAX_VALUE,
            1e22,
            1e23,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY
        };
        for (double v : edge) {
            assertJavaG6(v);
        }
    }

    private static void assertJavaG6(double v) {
        String want = NumberFormats.javaG6Formatter(v);
        assertThat(NumberFormats.javaG6(v)).as("%s", v).isEqualTo(want);
        ByteText b = new ByteText(8);
        b.add("x=");
        NumberFormats.javaG6(v, b);
        assertThat(b.toString()).as("%s", v).isEqualTo("x=" + want);
    }
}
