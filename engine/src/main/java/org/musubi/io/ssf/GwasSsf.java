package org.musubi.io.ssf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.Version;
import org.musubi.format.NumberFormats;
import org.musubi.genome.Contig;

/**
 * Writing GWAS-SSF (../shared/SPECS.md §2; one version, {@value #FILE_TYPE}): the header line (the mandatory
 * columns in the standard's order, then the job's optional ones), numbers as {@link NumberFormats#g6} with {@code #NA}
 * for missing, the {@code variant_id} form, and the {@code <file>-meta.yaml} around the job's own keys. Chromosome
 * codes come from {@link Contig#ssfCode}. Used by gwas (one file per phenotype) and meta.
 */
public final class GwasSsf {
    private GwasSsf() {}

    /** The {@code file_type} of the metadata. */
    public static final String FILE_TYPE = "GWAS-SSF v1.1";

    /** A missing value. */
    public static final String NA = "#NA";

    /**
     * The header line: chromosome, base_pair_location, effect_allele, other_allele, the effect column (beta,
     * odds_ratio, hazard_ratio or z-score), standard_error, effect_allele_frequency, p_value, then {@code optional}.
     */
    public static String header(String effectColumn, List<String> optional) {
        StringBuilder b = new StringBuilder("chromosome\tbase_pair_location\teffect_allele\tother_allele\t")
                .append(effectColumn)
                .append("\tstandard_error\teffect_allele_frequency\tp_value");
        for (String c : optional) {
            b.append('\t').append(c);
        }
        return b.append('\n').toString();
    }

    /** A number, {@code #NA} for NaN. */
    public static String num(double v) {
        return Double.isNaN(v) ? NA : NumberFormats.g6(v);
    }

    /** Appends {@code variant_id}: {@code <chromosome>_<position>_<ref>_<alt>}. */
    public static StringBuilder variantId(StringBuilder b, String chromosome, int pos, String ref, String alt) {
        return b.append(chromosome)
                .append('_')
                .append(pos)
                .append('_')
                .append(ref)
                .append('_')
                .append(alt);
    }

    /**
     * The metadata's first lines: who wrote it, the date, the assembly (NR when null) and the coordinate system. The
     * job appends its own keys, then {@link #dataFile}.
     */
    public static StringBuilder metadata(String assembly) {
        StringBuilder y = new StringBuilder();
        y.append("# GWAS-SSF metadata written by Musubi ")
                .append(Version.ENGINE)
                .append('\n');
        y.append("date_metadata_last_modified: ")
                .append(Instant.now().toString(), 0, 10)
                .append('\n');
        y.append("genome_assembly: ").append(assembly == null ? "NR" : assembly).append('\n');
        y.append("coordinate_system: 1-based\n");
        return y;
    }

    /** The data file's keys: name, {@value #FILE_TYPE}, md5, not harmonised, sorted. */
    public static StringBuilder dataFile(StringBuilder y, String name, String md5) {
        y.append("data_file_name: ").append(name).append('\n');
        y.append("file_type: ").append(FILE_TYPE).append('\n');
        y.append("data_file_md5sum: ").append(md5).append('\n');
        y.append("is_harmonised: false\n");
        y.append("is_sorted: true\n");
        return y;
    }

    /** Writes the metadata as {@code <dir>/<dataFile>-meta.yaml}. */
    public static void writeMetadata(FileSystem fs, Path dir, String dataFile, CharSequence yaml) throws IOException {
        try (OutputStream o = fs.create(new Path(dir, dataFile + "-meta.yaml"))) {
            o.write(yaml.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
