package org.musubi.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.musubi.util.ByteText;

/**
 * Number formatting of the text outputs: C's {@code %g} as PLINK 2 and bcftools print statistics ({@link #g6},
 * {@link #pFromLn}; gwas glm and GWAS-SSF, meta), and Java's {@code %g} ({@link #javaG6}; freq's sites VCFs).
 */
public final class NumberFormats {
    private NumberFormats() {}

    private static final double LN10 = Math.log(10);

    private static final double[] POW10 = new double[300];

    static {
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = Double.parseDouble("1e" + i);
        }
    }

    /**
     * C's {@code %g} with 6 significant digits, trailing zeros removed (PLINK 2 prints statistics so). Fast path:
     * the value scaled to six integer digits in double arithmetic (relative error below 1e-15), used unless the
     * rounding digit is within 1e-6 of a tie or the magnitude is extreme; then the exact decimal expansion ({@link
     * #g6Exact}) decides. Both give the same text (tested), short decimals included (a ratio k/10000, a call rate:
     * near an integer once scaled, far from a tie, so the exact value rounds to that integer as the scaled one does).
     */
    public static String g6(double v) {
        String s = fastG6(v, true);
        return s != null ? s : g6Exact(v);
    }

    /**
     * Six significant digits of {@code v} laid out as {@code %g} (trailing zeros removed), from the value scaled to six
     * integer digits in double arithmetic; null when that cannot decide: the rounding digit within 1e-6 of a tie (C
     * and Java round ties differently), an extreme magnitude, or (unless {@code nearIntegers}) a scaled value within
     * 1e-9 of an integer. Away from a tie the exact value and its shortest decimal round alike, so the text is both
     * C's and Java's.
     */
    private static String fastG6(double v, boolean nearIntegers) {
        byte[] o = new byte[G6_MAX];
        int len = fastG6(v, nearIntegers, o);
        return len < 0 ? null : new String(o, 0, len, StandardCharsets.ISO_8859_1);
    }

    /** The longest text {@link #fastG6} writes: sign, six digits, point, {@code e-280} (or {@code 0.000} and six). */
    private static final int G6_MAX = 16;

    /**
     * {@link #fastG6}'s text as ASCII bytes into {@code o} (room for {@link #G6_MAX}); returns its length, or -1 where
     * {@link #fastG6} returns null.
     */
    private static int fastG6(double v, boolean nearIntegers, byte[] o) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
            return -1;
        }
        double a = Math.abs(v);
        int exp = (int) Math.floor(Math.log10(a));
        if (exp < -280 || exp > 280) {
            return -1;
        }
        double scaled = scale(a, 5 - exp);
        if (scaled < 100000) {
            exp--;
            scaled = scale(a, 5 - exp);
        } else if (scaled >= 1000000) {
            exp++;
            scaled = scale(a, 5 - exp);
        }
        if (scaled < 100000 || scaled >= 1000000) {
            return -1;
        }
        double floor = Math.floor(scaled);
        double frac = scaled - floor;
        if (Math.abs(frac - 0.5) < 1e-6 || (!nearIntegers && (frac < 1e-9 || frac > 1 - 1e-9))) {
            return -1;
        }
        long m = (long) floor + (frac > 0.5 ? 1 : 0);
        if (m == 1000000) {
            m = 100000;
            exp++;
        }
        byte[] d = new byte[6]; // m has six digits
        for (int i = 5; i >= 0; i--) {
            d[i] = (byte) ('0' + m % 10);
            m /= 10;
        }
        int last = 5;
        while (last > 0 && d[last] == '0') {
            last--;
        }
        int k = 0;
        if (v < 0) {
            o[k++] = '-';
        }
        if (exp < -4 || exp >= 6) {
            o[k++] = d[0];
            if (last > 0) {
                o[k++] = '.';
                for (int i = 1; i <= last; i++) {
                    o[k++] = d[i];
                }
            }
            o[k++] = 'e';
            o[k++] = (byte) (exp < 0 ? '-' : '+');
            int e = Math.abs(exp);
            if (e >= 100) {
                o[k++] = (byte) ('0' + e / 100);
            }
            o[k++] = (byte) ('0' + e / 10 % 10);
            o[k++] = (byte) ('0' + e % 10);
        } else if (exp >= 0) {
            for (int i = 0; i <= exp; i++) {
                o[k++] = d[i];
            }
            if (last > exp) {
                o[k++] = '.';
                for (int i = exp + 1; i <= last; i++) {
                    o[k++] = d[i];
                }
            }
        } else {
            o[k++] = '0';
            o[k++] = '.';
            for (int i = -1; i > exp; i--) {
                o[k++] = '0';
            }
            for (int i = 0; i <= last; i++) {
                o[k++] = d[i];
            }
        }
        return k;
    }

    /** {@code a · 10^k}. */
    private static double scale(double a, int k) {
        return k >= 0 ? a * POW10[k] : a / POW10[-k];
    }

    /** {@link #g6} from the value's exact decimal expansion (slow for tiny values: thousands of digits). */
    static String g6Exact(double v) {
        if (Double.isNaN(v)) {
            return "NA";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal b = new BigDecimal(v).round(new MathContext(6));
        int exp = b.precision() - b.scale() - 1;
        if (exp < -4 || exp >= 6) {
            String m = b.movePointLeft(exp).stripTrailingZeros().toPlainString();
            return m + "e" + (exp < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exp));
        }
        return b.stripTrailingZeros().toPlainString();
    }

    /** A p-value from its natural log, with 6 significant digits, also below the double range (e.g. 3.2e-400). */
    public static String pFromLn(double lnP) {
        if (Double.isNaN(lnP)) {
            return "NA";
        }
        if (lnP > -700) {
            return g6(Math.exp(lnP));
        }
        double log10 = lnP / LN10;
        double exp = Math.floor(log10);
        double mant = Math.pow(10, log10 - exp);
        if (mant >= 9.999995) {
            mant = 1;
            exp += 1;
        }
        String m = g6(mant);
        return m + "e-" + String.format(Locale.ROOT, "%02d", (long) -exp);
    }

    /**
     * Java's {@code %.6g} with trailing zeros removed: the sites VCFs of freq and freq-merge print their floats so.
     * Java rounds the shortest decimal that reads back as the double, C (and {@link #g6}) its exact binary value, so
     * the two can differ in the last digit at a tie (1.000005: here 1.00001, C 1); kept apart so that those files
     * stay as they are. Without {@link java.util.Formatter} unless the value is within 1e-6 of a rounding tie.
     */
    public static String javaG6(double v) {
        if (v == 0) {
            return "0";
        }
        String s = fastG6(v, true);
        return s != null ? s : javaG6Formatter(v);
    }

    /** Appends {@link #javaG6}{@code (v)} to {@code out} (the same text; no String unless near a rounding tie). */
    public static void javaG6(double v, ByteText out) {
        if (v == 0) {
            out.add('0');
            return;
        }
        byte[] o = new byte[G6_MAX];
        int len = fastG6(v, true, o);
        if (len < 0) {
            out.add(javaG6Formatter(v));
        } else {
            out.addAscii(o, len);
        }
    }

    /** {@link #javaG6} through {@link java.util.Formatter}: near a rounding tie, and the reference in tests. */
    static String javaG6Formatter(double v) {
        if (v == 0) {
            return "0";
        }
        StringBuilder sb = G6_BUFFER.get();
        sb.setLength(0);
        G6_FORMATTER.get().format("%.6g", v);
        int e = sb.indexOf("e");
        int end = e < 0 ? sb.length() : e;
        if (sb.lastIndexOf(".", end) >= 0) {
            int cut = end;
            while (sb.charAt(cut - 1) == '0') {
                cut--;
            }
            if (sb.charAt(cut - 1) == '.') {
                cut--;
            }
            sb.delete(cut, end);
        }
        return sb.toString();
    }

    /** One formatter per thread for {@link #javaG6}, writing into its buffer (as String.format, without its set-up). */
    private static final ThreadLocal<StringBuilder> G6_BUFFER = ThreadLocal.withInitial(StringBuilder::new);

    private static final ThreadLocal<java.util.Formatter> G6_FORMATTER =
            ThreadLocal.withInitial(() -> new java.util.Formatter(G6_BUFFER.get(), Locale.ROOT));
}
