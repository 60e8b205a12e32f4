package org.musubi.gwas;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formatting of PLINK 2's text outputs. */
public final class NumberFormats {
    private NumberFormats() {}

    private static final double LN10 = Math.log(10);

    /** C's {@code %g} with 6 significant digits, trailing zeros removed (PLINK 2 prints statistics so). */
    public static String g6(double v) {
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
}
