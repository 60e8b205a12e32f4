package org.musubi.wgr;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.Path;
import org.musubi.format.NumberFormats;
import org.musubi.genome.Contig;
import org.musubi.output.OutputCommit;
import org.musubi.stats.wgr.Level1;

/**
 * REGENIE v1.0.6.7's step-1 outputs ({@code write_predictions}, {@code write_ID_header}, {@code write_chr_row}), as
 * its step 2 and {@code gwas --pred} read them. {@code <prefix>_pred.list}: one line {@code name path} per
 * phenotype, the path of the final (committed) file. {@code <prefix>_<k>.loco[.gz]} (k = the phenotype's
 * position, from 1): line 1 {@code FID_IID} then the samples' FID_IID in sorted (byte) order, then one row per
 * chromosome 1–23 ({@code chr v…}; 23 = X, XY and the PARs): the whole-genome prediction less that chromosome's
 * contribution, C {@code %g} with 6 significant digits, {@code NA} where the sample's phenotype is missing; every
 * field followed by a space, as REGENIE writes it.
 */
final class LocoFiles {
    /** REGENIE's chromosome rows: 1–22 and 23 (X). */
    static final int CHROMOSOMES = 23;

    private LocoFiles() {}

    /** REGENIE's chromosome number of a contig (1–22; X, XY, PAR1/2 → 23), or 0 when it has none (Y, MT, …). */
    static int chromosome(String contig) {
        int code = Contig.plinkCode(contig);
        if (code >= 1 && code <= 22) {
            return code;
        }
        return code == Contig.PLINK_X || code == Contig.PLINK_XY ? 23 : 0;
    }

    static String fileName(String prefix, int k, boolean gzip) {
        return prefix + "_" + k + ".loco" + (gzip ? ".gz" : "");
    }

    /**
     * Writes phenotype k's file.
     *
     * @param groupChromosome per group of the fit (a contig), its REGENIE chromosome
     * @param mask the phenotype's observed samples, or null for all
     */
    static void write(
            OutputCommit commit,
            String name,
            boolean gzip,
            String[] ids,
            Level1.Fit fit,
            int[] groupChromosome,
            boolean[] mask)
            throws IOException {
        int n = ids.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> ids[i]));
        double[] total = new double[n];
        for (double[] c : fit.contributions()) {
            for (int i = 0; i < n; i++) {
                total[i] += c[i];
            }
        }
        OutputStream raw = commit.fs().create(new Path(commit.staging(), name));
        try (Writer w = new BufferedWriter(
                new OutputStreamWriter(gzip ? new GZIPOutputStream(raw, 1 << 16) : raw, StandardCharsets.UTF_8))) {
            StringBuilder sb = new StringBuilder("FID_IID ");
            for (int i : order) {
                sb.append(ids[i]).append(' ');
            }
            w.write(sb.append('\n').toString());
            double[] row = new double[n];
            for (int chr = 1; chr <= CHROMOSOMES; chr++) {
                System.arraycopy(total, 0, row, 0, n);
                for (int g = 0; g < groupChromosome.length; g++) {
                    if (groupChromosome[g] == chr) {
                        double[] c = fit.contributions()[g];
                        for (int i = 0; i < n; i++) {
                            row[i] -= c[i];
                        }
                    }
                }
                sb.setLength(0);
                sb.append(chr).append(' ');
                for (int i : order) {
                    sb.append(mask == null || mask[i] ? NumberFormats.g6(row[i]) : "NA")
                            .append(' ');
                }
                w.write(sb.append('\n').toString());
            }
        }
    }

    /** {@code <prefix>_pred.list}: {@code name path} per phenotype, paths of the committed files. */
    static void writeList(OutputCommit commit, String name, List<String> phenotypes, List<String> files)
            throws IOException {
        Path dir = commit.fs().makeQualified(commit.output());
        String base = "file".equals(dir.toUri().getScheme()) ? dir.toUri().getPath() : dir.toString();
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < phenotypes.size(); p++) {
            sb.append(phenotypes.get(p))
                    .append(' ')
                    .append(base)
                    .append('/')
                    .append(files.get(p))
                    .append('\n');
        }
        commit.writeFile(name, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
