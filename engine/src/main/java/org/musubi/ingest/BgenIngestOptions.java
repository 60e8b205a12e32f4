package org.musubi.ingest;

import java.io.Serializable;

/**
 * The BGEN settings of an ingest ({@code --sample}, {@code --bgen-ref}, {@code --hard-call-threshold}).
 *
 * @param sampleFile an Oxford {@code .sample} file, or null (IDs from the BGEN)
 * @param refFirst whether the first allele of each record is REF ({@code --bgen-ref first}, the default) or the last
 * @param hardCallThreshold plink2's {@code --hard-call-threshold} (default 0.1)
 */
public record BgenIngestOptions(String sampleFile, boolean refFirst, double hardCallThreshold) implements Serializable {
    /** The defaults: IDs from the BGEN, REF first, threshold 0.1. */
    public static final BgenIngestOptions DEFAULT = new BgenIngestOptions(null, true, 0.1);

    public BgenIngestOptions {
        if (!(hardCallThreshold >= 0 && hardCallThreshold <= 0.5)) {
            throw new IllegalArgumentException("hard-call threshold " + hardCallThreshold + " is outside [0, 0.5]");
        }
    }
}
