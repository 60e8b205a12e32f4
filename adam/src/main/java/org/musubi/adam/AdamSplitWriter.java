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
 * One task of ADAM ingest: ADAM genotype rows sorted by (contig, start, ref, alt), whole variants per task, turned
 * into table rows through a {@link RowSink}. The rows of one position and REF are gathered first (a multi-allelic
 * record's split variants need each other's ALTs for {@code orig_alleles}), then written one table row per ALT.
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

        void reset(String alt, String id, boolean split) {
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

    private final RowSink sink;
    private final String[] samples;
    private final Map<String, Integer> index = new HashMap<>();
    private final String dataset;
    private final Result result = new Result();
    private final List<Pending> pool = new ArrayList<>();
    private int used;
    private String contig;
    private long start = -1;
    private String ref;

    AdamSplitWriter(Path dir, int split, Configuration conf, String[] samples, GenomeBuild build, String dataset) {
        this.sink = new RowSink(dir, split, conf, samples.length, List.of(), build);
        this.samples = samples;
        this.dataset = dataset;
        for (int i = 0; i < samples.length; i++) {
            index.put(samples[i], i);
        }
        result.split = split;
    }

    Result run(Iterator<Row> rows) throws IOException {
        int iC = -1, iS = 0, iR = 0, iA = 0, iN = 0, iSp = 0, iId = 0, iAl = 0, iPh = 0, iDs = 0;
        Pending cur = null;
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
            if (c == null || r.isNullAt(iS) || rf == null || alt == null) {
                throw new MusubiUserException(dataset + ": a genotype of sample " + r.getString(iId) + " at " + c + ":"
                        + (r.isNullAt(iS) ? "?" : r.getLong(iS) + 1) + " has no "
                        + (c == null
                                ? "referenceName"
                                : r.isNullAt(iS) ? "start" : rf == null ? "referenceAllele" : "alternateAllele")
                        + "; Musubi reads called variants with REF and ALT (drop reference blocks before export)");
            }
            long st = r.getLong(iS);
            if (!c.equals(contig) || st != start || !rf.equals(ref)) {
                flush();
                contig = c;
                start = st;
                ref = rf;
                cur = null;
            }
            if (cur == null || !cur.alt.equals(alt)) {
                cur = next();
                List<String> names = r.isNullAt(iN) ? List.of() : r.getList(iN);
                cur.reset(alt, names.isEmpty() ? null : String.join(";", names), !r.isNullAt(iSp) && r.getBoolean(iSp));
            }
            String sample = r.getString(iId);
            Integer s = sample == null ? null : index.get(sample);
            if (s == null) {
                throw new MusubiUserException(dataset + ": a genotype at " + where(alt) + " is of sample '" + sample
                        + "', which _samples.avro does not list; write the dataset with its samples (ADAM's"
                        + " saveAsParquet keeps them)");
            }
            if (cur.seen[s]) {
                throw new MusubiUserException(dataset + ": sample '" + sample + "' has two genotypes at " + where(alt)
                        + "; remove the duplicate rows (one genotype per sample per variant)");
            }
            cur.seen[s] = true;
            List<String> alleles = r.isNullAt(iAl) ? List.of() : r.getList(iAl);
            int k = alleles.size();
            for (int j = 0; j < Math.min(2, k); j++) {
                al[j] = alleles.get(j) == null ? AdamCalls.NO_CALL : AdamCalls.allele(alleles.get(j));
                if (al[j] < 0) {
                    throw new MusubiUserException(dataset + ": sample '" + sample + "' at " + where(alt)
                            + " has allele '" + alleles.get(j) + "' (ADAM's are REF, ALT, OTHER_ALT, NO_CALL)");
                }
            }
            boolean phased = !r.isNullAt(iPh) && r.getBoolean(iPh);
            if (!AdamCalls.decode(k, al[0], al[1], phased, cur.gt, cur.ploidy, cur.phase, s)) {
                throw new MusubiUserException(dataset + ": sample '" + sample + "' at " + where(alt) + " has " + k
                        + " alleles; the table holds haploid and diploid calls only (drop or recode polyploid"
                        + " samples first)");
            }
            cur.anyPloidy |= cur.ploidy[s] != PloidyCode.DIPLOID;
            cur.anyPhase |= cur.phase[s] != PhaseCode.UNPHASED;
            if (!r.isNullAt(iDs)) {
                cur.ds[s] = r.getFloat(iDs);
                cur.anyDs = true;
            }
        }
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

    private String where(String alt) {
        return contig + ":" + (start + 1) + " " + ref + ">" + alt;
    }

    /** Writes the gathered variants of the current position and REF. */
    private void flush() throws IOException {
        if (used == 0) {
            return;
        }
        int pos = Math.toIntExact(start + 1);
        List<String> splitAlts = new ArrayList<>();
        for (int i = 0; i < used; i++) {
            if (pool.get(i).split) {
                splitAlts.add(pool.get(i).alt);
            }
        }
        String orig = splitAlts.size() > 1 ? ref + "," + String.join(",", splitAlts) : null;
        if (orig != null) {
            result.multiallelicRecords++;
        }
        try {
            sink.checkOrder(contig, pos);
            for (int i = 0; i < used; i++) {
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
                sink.write(
                        contig,
                        p.gt,
                        p.anyPloidy ? p.ploidy : null,
                        p.anyPhase ? p.phase : null,
                        p.anyDs ? p.ds : null);
            }
        } catch (RowRejectedException e) {
            throw new MusubiUserException(dataset + ": " + e.getMessage());
        }
        used = 0;
    }
}
