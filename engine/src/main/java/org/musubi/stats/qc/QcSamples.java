package org.musubi.stats.qc;

import java.io.Serializable;

/**
 * What the QC kernels know of the samples they count, in block order: sex ({@link #XY}, {@link #XX} or {@link
 * #UNKNOWN}) and whether each is a founder (PAT and MAT both {@code 0} or absent, as plink2's {@code .psam}).
 * Frequencies, HWE and E(HET) are over founders, as plink2 {@code --freq}/{@code --hardy}/{@code --het}.
 */
public record QcSamples(byte[] sex, boolean[] founder) implements Serializable {
    public static final byte UNKNOWN = 0;
    public static final byte XY = 1;
    public static final byte XX = 2;

    public QcSamples {
        if (sex.length != founder.length) {
            throw new IllegalArgumentException(sex.length + " sexes for " + founder.length + " founder flags");
        }
    }

    public int size() {
        return sex.length;
    }

    /** {@link #XY}/{@link #XX}/{@link #UNKNOWN} from the table's {@code XY}/{@code XX}/null. */
    public static byte sexCode(String tableSex) {
        if ("XY".equals(tableSex)) {
            return XY;
        }
        return "XX".equals(tableSex) ? XX : UNKNOWN;
    }
}
