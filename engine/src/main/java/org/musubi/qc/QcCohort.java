package org.musubi.qc;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.musubi.samples.SampleManifest;
import org.musubi.table.SamplesFile;
import org.musubi.table.VariantTable;

/**
 * The table's samples as the {@code qc} outputs name them: IDs, and where the manifest gave them (extra columns
 * {@code fid}, {@code pat}, {@code mat}, or {@code FID}, {@code PAT}, {@code MAT}) the pedigree: FID (then outputs carry PLINK's FID columns, as
 * plink2's {@code maybefid}), parents (founders as {@code SamplesFile.founders} decides, plink2's rule: PAT and MAT both {@code 0} or absent),
 * and the manifest's sex (PEDSEX 1/2/0; a sex inferred at ingest is not used: the sex check compares against the
 * manifest).
 */
public final class QcCohort implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public final List<String> ids;
    /** FID per sample, or null when the manifest has none. */
    public final String[] fid;

    public final String[] pat;
    public final String[] mat;
    public final String[] sex;
    public final boolean[] founder;
    public final boolean hasParents;

    private QcCohort(List<String> ids, String[] fid, String[] pat, String[] mat, String[] sex, boolean[] founder) {
        this.ids = ids;
        this.fid = fid;
        this.pat = pat;
        this.mat = mat;
        this.sex = sex;
        this.founder = founder;
        boolean parents = false;
        for (boolean f : founder) {
            parents |= !f;
        }
        this.hasParents = parents;
    }

    /** The manifest columns read besides {@link SamplesFile#PARENTS}: IDs, sex and its source, FID/PAT/MAT. */
    private static final List<String> COLUMNS = List.of(
            SampleManifest.SAMPLE_ID,
            SampleManifest.SEX,
            SamplesFile.SEX_SOURCE,
            "fid",
            "pat",
            "mat",
            "FID",
            "PAT",
            "MAT");

    /**
     * The cohort from one read of the samples file's columns (by sample index): IDs, the manifest's sex, the pedigree
     * columns and the founders ({@link SamplesFile#founders(Map)}). The standard columns lead the file's schema
     * ({@link SamplesFile#schema}), so a name matched ignoring case finds them before an extra manifest column.
     */
    public static QcCohort read(VariantTable table, Configuration conf) throws IOException {
        List<String> names = new java.util.ArrayList<>(COLUMNS);
        names.addAll(SamplesFile.PARENTS);
        Map<String, String[]> cols = SamplesFile.readColumns(table.samplesPath(), conf, names);
        String[] id = cols.get(SampleManifest.SAMPLE_ID);
        if (id == null) {
            if (!cols.isEmpty()) {
                throw new IllegalStateException(table.samplesPath() + ": no " + SampleManifest.SAMPLE_ID + " column");
            }
            id = new String[0]; // no samples
        }
        String[] manifestSex = cols.get(SampleManifest.SEX);
        String[] source = cols.get(SamplesFile.SEX_SOURCE);
        if (id.length > 0 && source == null) {
            throw new IllegalStateException(table.samplesPath() + ": no " + SamplesFile.SEX_SOURCE + " column");
        }
        String[] sex = new String[id.length];
        for (int i = 0; i < id.length; i++) {
            sex[i] = "manifest".equals(source[i]) && manifestSex != null ? manifestSex[i] : null;
        }
        boolean[] founders = SamplesFile.founders(cols);
        if (founders == null) {
            founders = new boolean[id.length];
            java.util.Arrays.fill(founders, true);
        }
        return new QcCohort(List.of(id), column(cols, "fid"), column(cols, "pat"), column(cols, "mat"), sex, founders);
    }

    /** A pedigree column as a manifest names it: lower case (simulate, TSV manifests) or upper case (.psam, .fam). */
    private static String[] column(Map<String, String[]> cols, String name) {
        String[] c = cols.get(name);
        return c != null ? c : cols.get(name.toUpperCase(java.util.Locale.ROOT));
    }

    public int size() {
        return ids.size();
    }

    public boolean hasFid() {
        return fid != null;
    }

    /** Sample i's FID ({@code 0} where the manifest left it empty); only with {@link #hasFid()}. */
    public String fid(int i) {
        return fid[i] == null ? "0" : fid[i];
    }

    /** The ID columns' header, {@code FID\tIID} or {@code IID} (with a prefix, e.g. {@code #}, and a suffix 1/2). */
    public String idHeader(String suffix) {
        return (hasFid() ? "FID" + suffix + "\t" : "") + "IID" + suffix;
    }

    /** Sample i's ID columns as the header names them. */
    public String idColumns(int i) {
        return hasFid() ? fid(i) + "\t" + ids.get(i) : ids.get(i);
    }

    /** PLINK's PEDSEX: 1 (XY), 2 (XX), 0 (unknown). */
    public int pedSex(int i) {
        if ("XY".equals(sex[i])) {
            return 1;
        }
        return "XX".equals(sex[i]) ? 2 : 0;
    }
}
