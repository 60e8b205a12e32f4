package org.musubi.wgr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.musubi.error.MusubiUserException;
import org.musubi.io.InputFile;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.GenotypeBlocks;
import org.musubi.table.scan.Slice;
import org.musubi.table.scan.TableScan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The variants {@code wgr} reads (REGENIE's {@code --extract}, or the QC lists plink2 would write): the rows named in
 * a {@code --variants} file (one per line, as {@code contig:pos:ref:alt} — qc's {@code keep.variants.txt} — or as the
 * row's ID) and/or passing {@code --maf} / {@code --min-call-rate} over the analysis samples (ALT frequency = the mean
 * hard-call ALT count / 2 over the called samples, as coded: haploid calls count 0/2; call rate = called / samples).
 * One Spark task per file returns the file's kept row numbers; {@link Level0Pass#plan} then forms the blocks over
 * the kept rows only, as REGENIE forms its blocks after {@code --extract}.
 *
 * @param file a variant list, or null
 * @param maf minimum minor allele frequency (0: none)
 * @param minCallRate minimum call rate (0: none)
 */
public record KeptVariants(String file, double maf, double minCallRate) implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(KeptVariants.class);

    /** Every variant. */
    public static final KeptVariants ALL = new KeptVariants(null, 0, 0);

    public KeptVariants {
        if (!(maf >= 0 && maf <= 0.5)) {
            throw new MusubiUserException("--maf " + maf + ": must be in [0, 0.5]");
        }
        if (!(minCallRate >= 0 && minCallRate <= 1)) {
            throw new MusubiUserException("--min-call-rate " + minCallRate + ": must be in [0, 1]");
        }
    }

    /** Whether every variant is kept (no pass over the table is needed). */
    public boolean all() {
        return file == null && maf == 0 && minCallRate == 0;
    }

    /** What the selection is, for the log and summary.json. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (file != null) {
            parts.add("--variants " + file);
        }
        if (maf > 0) {
            parts.add("--maf " + maf);
        }
        if (minCallRate > 0) {
            parts.add("--min-call-rate " + minCallRate);
        }
        return String.join(" ", parts);
    }

    /**
     * Per file of {@code files} (same order) its kept row numbers, ascending; null when {@link #all()}.
     *
     * @param samples the analysis samples' table indices
     */
    List<long[]> rows(
            JavaSparkContext jsc,
            Configuration conf,
            List<VariantTable.VariantFile> files,
            int tableSamples,
            int[] samples)
            throws IOException {
        if (all()) {
            return null;
        }
        Set<String> names = file == null ? null : read(file, conf);
        SerializableConf sconf = new SerializableConf(conf);
        KeptVariants self = this;
        List<long[]> kept = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(files, Math.max(1, files.size()))
                .map(f -> self.keptRows(f, names, tableSamples, samples, sconf.get()))
                .collect());
        long rows = 0;
        long keptRows = 0;
        for (int i = 0; i < files.size(); i++) {
            rows += files.get(i).rows();
            keptRows += kept.get(i).length;
        }
        // As plink2's --extract: names that match no row are not an error, but the log says how many rows remain.
        LOG.info(
                "wgr: {}: {} of {} variants kept{}",
                describe(),
                keptRows,
                rows,
                names == null ? "" : " (" + names.size() + " names in " + file + ")");
        return kept;
    }

    long[] keptRows(VariantTable.VariantFile f, Set<String> names, int tableSamples, int[] samples, Configuration conf)
            throws IOException {
        long[] out = new long[(int) f.rows()];
        int k = 0;
        long row = 0;
        if (maf == 0 && minCallRate == 0) {
            try (TableScan scan =
                    TableScan.over(Slice.of(f)).columns(TableScan.VARIANT).open(conf)) {
                while (scan.next()) {
                    if (named(names, f.contig(), scan.pos(), scan.ref(), scan.alt(), scan.id())) {
                        out[k++] = row;
                    }
                    row++;
                }
            }
            return java.util.Arrays.copyOf(out, k);
        }
        int n = samples.length;
        long minCalled = (long) Math.ceil(minCallRate * n - 1e-9);
        try (GenotypeBlocks gb = GenotypeBlocks.over(List.of(Slice.of(f)), tableSamples)
                .values(GenotypeBlocks.Values.CODES)
                .samples(samples)
                .open(conf)) {
            while (gb.next()) {
                byte[] codes = gb.codes();
                for (int j = 0; j < gb.size(); j++) {
                    int called = n - gb.missing(j);
                    long alt = 0;
                    for (int i = j * n; i < (j + 1) * n; i++) {
                        alt += codes[i] < 3 ? codes[i] : 0;
                    }
                    double af = called == 0 ? Double.NaN : alt / (2.0 * called);
                    boolean pass = called >= minCalled
                            && (maf == 0 || Math.min(af, 1 - af) >= maf)
                            && named(names, gb.contig(), gb.pos(j), gb.ref(j), gb.alt(j), gb.id(j));
                    if (pass) {
                        out[k++] = row;
                    }
                    row++;
                }
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    private static boolean named(Set<String> names, String contig, int pos, String ref, String alt, String id) {
        return names == null
                || names.contains(contig + ":" + pos + ":" + ref + ":" + alt)
                || (id != null && names.contains(id));
    }

    /** The names of a variant list: the first field of each line; blank lines and {@code #} lines skipped. */
    static Set<String> read(String file, Configuration conf) throws IOException {
        Set<String> out = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                InputFile.openInput("--variants", new Path(file), conf), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                out.add(t.split("\\s+", 2)[0]);
            }
        }
        if (out.isEmpty()) {
            throw new MusubiUserException("--variants " + file + ": no variant names in the file; give one per line"
                    + " (contig:pos:ref:alt or the variant ID)");
        }
        return out;
    }
}
