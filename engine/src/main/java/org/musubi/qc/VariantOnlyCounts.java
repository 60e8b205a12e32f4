package org.musubi.qc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.musubi.format.VariantTableSchema;
import org.musubi.format.calls.CallsView;
import org.musubi.genome.Contig;
import org.musubi.genome.GenomeBuild;
import org.musubi.stats.qc.MaskedVariantCounts;
import org.musubi.stats.qc.QcSamples;
import org.musubi.stats.qc.VariantQcStats;
import org.musubi.table.scan.Slice;
import org.musubi.table.scan.TableScan;

/**
 * Variant QC without sample QC, one task's slices ({@link CountPass} counting {@code Counts.VARIANTS}): the same counts as
 * {@code SampleCounts#add} from every call, with no row decoded whole. Outside X and Y a row of ordinary diploid
 * calls (no ploidy codes) takes the table's stored counts ({@code n_called}, {@code n_het}, {@code n_hom_alt}; {@link
 * VariantQcStats#setStored}), without reading the calls when every sample is a founder, else less the non-founders'
 * calls, only their codes decoded ({@code CallsView.decodeSubset}; {@link VariantQcStats#setStoredLess}). The other
 * rows (X, Y, rows with haploid or half calls) count their packed calls by sample set ({@link
 * MaskedVariantCounts}).
 *
 * <p>Memory per task: the sample masks and one row's indices (about 9 bytes per sample), and the slices' variants.
 */
final class VariantOnlyCounts {
    private final int n;
    private final GenomeBuild build;
    private final Configuration conf;
    private final MaskedVariantCounts masked;
    /** The non-founders' table indices, and their positions in it over the table's samples (−1: a founder). */
    private final int[] nonFounders;

    private final int[] position;
    private final byte[] codes;
    private final CallsView view = new CallsView();
    private final VariantQcStats v = new VariantQcStats();

    VariantOnlyCounts(QcSamples samples, GenomeBuild build, Configuration conf) {
        this.n = samples.size();
        this.build = build;
        this.conf = conf;
        this.masked = new MaskedVariantCounts(samples);
        boolean[] founder = samples.founder();
        position = new int[n];
        Arrays.fill(position, -1);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!founder[i]) {
                position[i] = m++;
            }
        }
        nonFounders = new int[m];
        for (int i = 0; i < n; i++) {
            if (position[i] >= 0) {
                nonFounders[position[i]] = i;
            }
        }
        codes = new byte[m];
    }

    /** Counts the slice's rows into {@code out}, in row order. */
    void slice(Slice slice, CountPass.Variants out) throws IOException {
        Contig.Kind kind = Contig.kind(slice.file().contig());
        if (kind == Contig.Kind.X || kind == Contig.Kind.Y) {
            packed(slice, null, out);
        } else {
            stored(slice, out);
        }
    }

    /** The slice's rows ({@code rows}: their row numbers, or null for all) counted from their packed calls. */
    private void packed(Slice slice, long[] rows, CountPass.Variants out) throws IOException {
        try (TableScan scan = TableScan.over(slice)
                .rows(rows)
                .columns(TableScan.VARIANT)
                .columns(VariantTableSchema.CALLS)
                .open(conf)) {
            TableScan.Column calls = scan.column(VariantTableSchema.CALLS);
            while (scan.next()) {
                String contig = scan.contig();
                int pos = scan.pos();
                masked.count(view.reset(calls.bytes(), n), CountPass.region(contig, pos, build), v);
                out.add(contig, pos, scan.id(), scan.ref(), scan.alt(), v);
            }
        }
    }

    /** A slice outside X and Y: stored counts (less the non-founders'), rows with ploidy codes from their calls. */
    private void stored(Slice slice, CountPass.Variants out) throws IOException {
        CountPass.Variants part = new CountPass.Variants();
        List<Long> withPloidy = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        int m = nonFounders.length;
        TableScan.Builder columns = TableScan.over(slice)
                .columns(TableScan.VARIANT)
                .columns(
                        VariantTableSchema.N_CALLED,
                        VariantTableSchema.N_HET,
                        VariantTableSchema.N_HOM_ALT,
                        VariantTableSchema.PLOIDY);
        if (m > 0) {
            columns.columns(VariantTableSchema.CALLS);
        }
        try (TableScan scan = columns.open(conf)) {
            TableScan.Column nCalled = scan.column(VariantTableSchema.N_CALLED);
            TableScan.Column nHet = scan.column(VariantTableSchema.N_HET);
            TableScan.Column nHomAlt = scan.column(VariantTableSchema.N_HOM_ALT);
            TableScan.Column ploidy = scan.column(VariantTableSchema.PLOIDY);
            TableScan.Column calls = m > 0 ? scan.column(VariantTableSchema.CALLS) : null;
            while (scan.next()) {
                if (ploidy.present()) {
                    withPloidy.add(scan.row());
                    at.add(part.size);
                } else if (m == 0) {
                    v.setStored(n, nCalled.int32(), nHet.int32(), nHomAlt.int32());
                } else {
                    view.reset(calls.bytes(), n).decodeSubset(nonFounders, position, codes, 0);
                    v.setStoredLess(n, nCalled.int32(), nHet.int32(), nHomAlt.int32(), codes, 0, m);
                }
                part.add(scan.contig(), scan.pos(), scan.id(), scan.ref(), scan.alt(), v);
            }
        }
        if (!withPloidy.isEmpty()) {
            CountPass.Variants fromCalls = new CountPass.Variants();
            packed(slice, withPloidy.stream().mapToLong(Long::longValue).toArray(), fromCalls);
            for (int k = 0; k < fromCalls.size; k++) {
                part.set(at.get(k), fromCalls.stats(k));
            }
        }
        out.addAll(part);
    }
}
