package org.musubi.adam;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.musubi.error.MusubiUserException;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.PhaseCode;
import org.musubi.format.calls.PloidyCode;
import org.musubi.genome.GenomeBuild;
import org.musubi.table.write.RowRejectedException;
import org.musubi.table.write.RowSink;
import org.musubi.table.write.VariantRow;
import org.musubi.table.write.WrittenRows;

/**
 * One task of ADAM ingest: ADAM genotypes in genome order of their positions, each position's genotypes together
 * (in any order among its variants and samples), whole positions per task, turned into table rows through a {@link
 * RowSink}. The genotypes of one position are gathered per (REF, ALT) first (a multi-allelic record's split variants
 * need each other's ALTs for {@code orig_alleles}), then written one table row per ALT, by REF then ALT. Fed either
 * by Spark rows ({@link #run}: the shuffle path) or call by call ({@link #position}, {@link #variant}, {@link #call}:
 * {@link AdamStreamReader}, the streaming path).
 */
final class AdamSplitWriter {
    /** What the task wrote. */
    static final class Result implements Serializable {
        private static final long serialVersionUID = 1L;
        int split;
        WrittenRows written;
        long multiallelicRecords;
    }

    /** One variant being gathered: its ALT and every sample's codes. */
    private static final class Pending {
        String ref;
        String alt;
        String id;
        boolean split;
        final byte[] gt;
        final byte[] ploidy;
        final byte[] phase;
        final double[] ds;
        final boolean[] seen;
        boolean anyPloidy;
        boolean anyPhase;
        boolean anyDs;

        Pending(int n) {
            gt = new byte[n];
            ploidy = new byte[n];
            phase = new byte[n];
            ds = new double[n];
            seen = new boolean[n];
        }

        void reset(String ref, String alt, String id, boolean split) {
            this.ref = ref;
            this.alt = alt;
            this.id = id;
            this.split = split;
            Arrays.fill(gt, (byte) GenotypeCode.MISSING);
            Arrays.fill(ploidy, (byte) PloidyCode.DIPLOID);
            Arrays.fill(phase, (byte) PhaseCode.UNPHASED);
            Arrays.fill(ds, Double.NaN);
            Arrays.fill(seen, false);
            anyPloidy = false;
            anyPhase = false;
            anyDs = false;
        }
    }

    private static final java.util.Comparator<Pending> BY_REF_ALT =
            java.util.Comparator.<Pending, String>comparing(p -> p.ref).thenComparing(p -> p.alt);

    private final RowSink sink;
    private final String[] samples;
    private final Map<String, Integer> index = new HashMap<>();
    private final String dataset;
    private final Result result = new Result();
    private final List<Pending> pool = new ArrayList<>();
    private int used;
    private String contig;
    private long start = -1;
    private Pending cur;

    AdamSplitWriter(Path dir, int split, Configuration conf, String[] samples, GenomeBuild build, String dataset) {
        this.sink = new RowSink(dir, split, conf, samples.length, List.of(), build);
        this.samples = samples;
        this.dataset = dataset;
        for (int i = 0; i < samples.length; i++) {
            index.put(samples[i], i);
        }
        result.split = split;
    }

    /** Writes ADAM genotype rows (the columns of {@link AdamDataset#genotypeColumns}), each position's rows together. */
    Result run(Iterator<Row> rows) throws IOException {
        int iC = -1, iS = 0, iR = 0, iA = 0, iN = 0, iSp = 0, iId = 0, iAl = 0, iPh = 0, iDs = 0;
        int[] al = new int[2];
        while (rows.hasNext()) {
            Row r = rows.next();
            if (iC < 0) {
                iC = r.fieldIndex("referenceName");
                iS = r.fieldIndex("start");
                iR = r.fieldIndex("ref");
                iA = r.fieldIndex("alt");
                iN = r.fieldIndex("names");
                iSp = r.fieldIndex("split");
                iId = r.fieldIndex("sampleId");
                iAl = r.fieldIndex("alleles");
                iPh = r.fieldIndex("phased");
                iDs = r.fieldIndex("ds");
            }
            String c = r.getString(iC);
            String rf = r.getString(iR);
            String alt = r.getString(iA);
            String sample = r.getString(iId);
            checkSite(c, r.isNullAt(iS) ? null : r.getLong(iS), rf, alt, sample);
            long st = r.getLong(iS);
            if (!c.equals(contig) || st != start) {
                position(c, st);
            }
            if (cur == null || !cur.alt.equals(alt) || !cur.ref.equals(rf)) {
                List<String> names = r.isNullAt(iN) ? List.of() : r.getList(iN);
                variant(
                        rf,
                        alt,
                        names.isEmpty() ? null : String.join(";", names),
                        !r.isNullAt(iSp) && r.getBoolean(iSp));
            }
            List<String> alleles = r.isNullAt(iAl) ? List.of() : r.getList(iAl);
            int k = alleles.size();
            for (int j = 0; j < Math.min(2, k); j++) {
                String a = alleles.get(j);
                al[j] = a == null ? AdamCalls.NO_CALL : AdamCalls.allele(a);
                if (al[j] < 0) {
                    throw badAllele(sample, a);
                }
            }
            call(
                    sampleIndex(sample),
                    k,
                    al[0],
                    al[1],
                    !r.isNullAt(iPh) && r.getBoolean(iPh),
                    r.isNullAt(iDs) ? Float.NaN : r.getFloat(iDs));
        }
        return finish();
    }

    /** Refuses a genotype without a site (a reference block, or a damaged row): one line. */
    void checkSite(String c, Long st, String rf, String alt, String sample) {
        if (c == null || st == null || rf == null || alt == null) {
            throw new MusubiUserException(dataset + ": a genotype of sample " + sample + " at " + c + ":"
                    + (st == null ? "?" : st + 1) + " has no "
                    + (c == null
                            ? "referenceName"
                            : st == null ? "start" : rf == null ? "referenceAllele" : "alternateAllele")
                    + "; Musubi reads called variants with REF and ALT (drop reference blocks before export)");
        }
    }

    /** The genotypes that follow are at this position (0-based start); the previous position's rows are written. */
    void position(String c, long st) throws IOException {
        flush();
        contig = c;
        start = st;
    }

    /** The genotypes that follow are of this variant at the current position (names joined by ';', or null). */
    void variant(String rf, String alt, String id, boolean split) {
        for (int i = 0; i < used; i++) {
            Pending p = pool.get(i);
            if (p.alt.equals(alt) && p.ref.equals(rf)) {
                cur = p;
                return;
            }
        }
        cur = next();
        cur.reset(rf, alt, id, split);
    }

    /** Sample {@code s}'s call of the current variant: allele count, the first two allele codes, phase, dosage or NaN. */
    void call(int s, int k, int a0, int a1, boolean phased, float ds) {
        if (cur.seen[s]) {
            throw new MusubiUserException(dataset + ": sample '" + samples[s] + "' has two genotypes at " + where()
                    + "; remove the duplicate rows (one genotype per sample per variant)");
        }
        cur.seen[s] = true;
        if (!AdamCalls.decode(k, a0, a1, phased, cur.gt, cur.ploidy, cur.phase, s)) {
            throw new MusubiUserException(dataset + ": sample '" + samples[s] + "' at " + where() + " has " + k
                    + " alleles; the table holds haploid and diploid calls only (drop or recode polyploid"
                    + " samples first)");
        }
        cur.anyPloidy |= cur.ploidy[s] != PloidyCode.DIPLOID;
        cur.anyPhase |= cur.phase[s] != PhaseCode.UNPHASED;
        if (!Float.isNaN(ds)) {
            cur.ds[s] = ds;
            cur.anyDs = true;
        }
    }

    /** The index of a sample in {@code _samples.avro}'s order; one that it does not list is refused. */
    int sampleIndex(String sample) {
        Integer s = sample == null ? null : index.get(sample);
        if (s == null) {
            throw new MusubiUserException(dataset + ": a genotype at " + where() + " is of sample '" + sample
                    + "', which _samples.avro does not list; write the dataset with its samples (ADAM's"
                    + " saveAsParquet keeps them)");
        }
        return s;
    }

    MusubiUserException badAllele(String sample, String allele) {
        return new MusubiUserException(dataset + ": sample '" + sample + "' at " + where() + " has allele '" + allele
                + "' (ADAM's are REF, ALT, OTHER_ALT, NO_CALL)");
    }

    /** Writes the last position and closes the sink. */
    Result finish() throws IOException {
        flush();
        result.written = sink.finish();
        return result;
    }

    private Pending next() {
        if (used == pool.size()) {
            pool.add(new Pending(samples.length));
        }
        return pool.get(used++);
    }

    private String where() {
        return contig + ":" + (start + 1) + (cur == null ? "" : " " + cur.ref + ">" + cur.alt);
    }

    /** Writes the gathered variants of the current position, by REF then ALT (as the shuffle path sorts them). */
    private void flush() throws IOException {
        cur = null;
        if (used == 0) {
            return;
        }
        if (used > 1) {
            pool.subList(0, used).sort(BY_REF_ALT);
        }
        int pos = Math.toIntExact(start + 1);
        try {
            sink.checkOrder(contig, pos);
            for (int from = 0; from < used; ) {
                String ref = pool.get(from).ref;
                int to = from;
                List<String> splitAlts = new ArrayList<>();
                while (to < used && pool.get(to).ref.equals(ref)) {
                    if (pool.get(to).split) {
                        splitAlts.add(pool.get(to).alt);
                    }
                    to++;
                }
                write(pos, ref, from, to, splitAlts);
                from = to;
            }
        } catch (RowRejectedException e) {
            throw new MusubiUserException(dataset + ": " + e.getMessage());
        }
        used = 0;
    }

    /** Writes pool[from, to), the variants of one REF at the position. */
    private void write(int pos, String ref, int from, int to, List<String> splitAlts)
            throws IOException, RowRejectedException {
        String orig = splitAlts.size() > 1 ? ref + "," + String.join(",", splitAlts) : null;
        if (orig != null) {
            result.multiallelicRecords++;
        }
        for (int i = from; i < to; i++) {
            Pending p = pool.get(i);
            sink.checkNew(contig, pos, ref, new String[] {p.alt}, 1);
            VariantRow row = sink.row();
            row.pos = pos;
            row.ref = ref;
            row.alt = p.alt;
            row.id = p.id;
            row.hasQual = false;
            row.filters = null;
            boolean inOrig = orig != null && p.split;
            row.origAlleles = inOrig ? orig : null;
            row.altIndex = inOrig ? splitAlts.indexOf(p.alt) + 1 : 1;
            sink.write(contig, p.gt, p.anyPloidy ? p.ploidy : null, p.anyPhase ? p.phase : null, p.anyDs ? p.ds : null);
        }
    }
}
