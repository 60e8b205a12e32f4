package org.musubi.adam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.bdgenomics.formats.avro.Genotype;
import org.bdgenomics.formats.avro.GenotypeAllele;
import org.bdgenomics.formats.avro.Variant;
import org.musubi.format.VariantTableSchema;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.DosageCodec;
import org.musubi.format.calls.TwoBitVector;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.Slice;
import org.musubi.table.scan.TableScan;

/**
 * One variant file of a table as ADAM genotypes, one per sample per row, read through the table scan: the row's
 * {@link Variant} (0-based start, end = start + |REF|, names from the ID, {@code splitFromMultiAllelic} for a row of a
 * split multi-allelic record) shared by its samples' {@link Genotype}s, whose alleles come from the stored codes
 * ({@link AdamCalls#encode}), with {@code phased} and the expected ALT dosage where the table has them. The scan is
 * closed when the last genotype has been handed out. Used by {@link AdamExportPlan} in its tasks.
 */
final class AdamGenotypes implements Iterator<Genotype> {
    private static final List<GenotypeAllele> VALUES = List.of(GenotypeAllele.values());
    // allele lists by code: [a0] for haploid, [a0 * 4 + a1] for diploid (shared, never changed)
    private static final List<List<GenotypeAllele>> ONE = new java.util.ArrayList<>();
    private static final List<List<GenotypeAllele>> TWO = new java.util.ArrayList<>();

    static {
        for (int a = 0; a < 4; a++) {
            ONE.add(List.of(VALUES.get(a)));
            for (int b = 0; b < 4; b++) {
                TWO.add(List.of(VALUES.get(a), VALUES.get(b)));
            }
        }
    }

    private final TableScan scan;
    private final String[] ids;
    private final int n;
    private final CallsView view = new CallsView();
    private final byte[] gt;
    private final byte[] ploidy;
    private final byte[] phase;
    private final double[] ds;
    private final int[] al = new int[2];
    private boolean hasPloidy;
    private boolean hasPhase;
    private boolean hasDs;
    private Variant variant;
    private int sample;
    private boolean open = true;

    AdamGenotypes(VariantTable.VariantFile file, String[] ids, Configuration conf) throws IOException {
        this.ids = ids;
        this.n = ids.length;
        gt = new byte[n];
        ploidy = new byte[n];
        phase = new byte[n];
        ds = new double[n];
        sample = n;
        scan = TableScan.over(Slice.of(file))
                .columns(
                        VariantTableSchema.POS,
                        VariantTableSchema.ID,
                        VariantTableSchema.REF,
                        VariantTableSchema.ALT,
                        VariantTableSchema.ORIG_ALLELES,
                        VariantTableSchema.CALLS,
                        VariantTableSchema.PLOIDY,
                        VariantTableSchema.PHASE,
                        VariantTableSchema.DOSAGE)
                .open(conf);
    }

    @Override
    public boolean hasNext() {
        if (sample < n) {
            return true;
        }
        if (!open) {
            return false;
        }
        try {
            if (!scan.next()) {
                open = false;
                scan.close();
                return false;
            }
            readRow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sample = 0;
        return true;
    }

    private void readRow() {
        view.reset(scan.column(VariantTableSchema.CALLS).bytes(), n);
        view.decodeDense(gt);
        byte[] pl = scan.column(VariantTableSchema.PLOIDY).bytes();
        hasPloidy = pl != null;
        if (hasPloidy) {
            TwoBitVector.decode(pl, n, ploidy);
        }
        byte[] ph = scan.column(VariantTableSchema.PHASE).bytes();
        hasPhase = ph != null;
        if (hasPhase) {
            TwoBitVector.decode(ph, n, phase);
        }
        byte[] d = scan.column(VariantTableSchema.DOSAGE).bytes();
        hasDs = d != null;
        if (hasDs) {
            DosageCodec.decode(d, n, ds);
        }
        String contig = scan.contig();
        long start = scan.column(VariantTableSchema.POS).int32() - 1L;
        String ref = scan.column(VariantTableSchema.REF).string();
        String id = scan.column(VariantTableSchema.ID).string();
        boolean split = scan.column(VariantTableSchema.ORIG_ALLELES).string() != null;
        variant = new Variant(
                contig,
                start,
                start + ref.length(),
                id == null ? List.of() : Arrays.asList(id.split(";")),
                split,
                ref,
                scan.column(VariantTableSchema.ALT).string(),
                null,
                null,
                null,
                List.of(),
                null);
    }

    @Override
    public Genotype next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int s = sample++;
        int k = AdamCalls.encode(gt[s], hasPloidy ? ploidy[s] : 0, hasPhase ? phase[s] : 0, al);
        boolean phased = hasPhase && phase[s] != 0;
        Float dosage = hasDs && !Double.isNaN(ds[s]) ? (float) ds[s] : null;
        return new Genotype(
                variant,
                variant.getReferenceName(),
                variant.getStart(),
                variant.getEnd(),
                null,
                ids[s],
                null,
                null,
                k == 1 ? ONE.get(al[0]) : TWO.get(al[0] * 4 + al[1]),
                dosage,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                variant.getSplitFromMultiAllelic(),
                phased,
                null,
                null);
    }
}
