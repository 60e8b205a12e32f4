package org.musubi.ingest;

import java.io.Serializable;
import java.util.List;
import org.musubi.format.VariantTableSchema.InfoColumn;
import org.musubi.genome.GenomeBuild;
import org.musubi.io.vcf.VcfRecordParser.DosageField;

/**
 * Validated ingest settings, passed to every task.
 *
 * @param lenient quarantine bad records instead of stopping at the first
 * @param maxBadRecords in lenient mode, stop when more records than this are bad (the input is probably not a VCF)
 * @param dosage where dosages come from
 * @param info selected INFO columns
 * @param build genome build (PARs for sex inference), or null if unknown
 */
public record IngestOptions(
        boolean lenient, long maxBadRecords, DosageField dosage, List<InfoColumn> info, GenomeBuild build)
        implements Serializable {
    public IngestOptions(boolean lenient, long maxBadRecords, DosageField dosage, List<InfoColumn> info) {
        this(lenient, maxBadRecords, dosage, info, null);
    }

    public IngestOptions {
        if (maxBadRecords < 0) {
            throw new IllegalArgumentException("maxBadRecords must be >= 0: " + maxBadRecords);
        }
        info = List.copyOf(info);
    }
}
