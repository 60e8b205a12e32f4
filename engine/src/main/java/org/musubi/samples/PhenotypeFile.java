package org.musubi.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;
import org.musubi.io.InputFile;

/**
 * A PLINK-style phenotype or covariate file (gwas {@code --pheno}/{@code --covar}, prs {@code --outcome}/{@code
 * --covar}): whitespace- or tab-separated, a header naming the columns ({@code FID IID …}, {@code #FID IID …},
 * {@code IID …} or {@code #IID …}), then one line per sample, matched to table samples by {@link SampleIds}' rule.
 * Missing values are {@code NA}, {@code nan}, {@code .}, the empty field and the missing code ({@code -9} by
 * default). Values are kept as strings; {@link #numeric} gives typed views.
 */
public final class PhenotypeFile {
    public final String path;
    /** Value column names, in file order (FID/IID excluded). */
    public final List<String> columns;
    /** IID → row of values, in file order. */
    final Map<String, String[]> rows;

    /** The rows by the sample-ID rule (see {@link #lookup}). */
    private final SampleIds.Index<String[]> index;

    final Set<String> missingCodes;

    private PhenotypeFile(
            String path,
            List<String> columns,
            Map<String, String[]> rows,
            SampleIds.Index<String[]> index,
            Set<String> missing) {
        this.path = path;
        this.columns = columns;
        this.rows = rows;
        this.index = index;
        this.missingCodes = missing;
    }

    public static PhenotypeFile read(String path, String missingCode, Configuration conf) throws IOException {
        return read(null, path, missingCode, conf);
    }

    /** Reads the file of option {@code option} ({@code --pheno}, named in the error when the file is missing). */
    public static PhenotypeFile read(String option, String path, String missingCode, Configuration conf)
            throws IOException {
        Path p = new Path(path);
        List<String> lines = new ArrayList<>();
        try (InputStream raw = InputFile.openInput(option, p, conf);
                InputStream in = path.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                lines.add(l);
            }
        }
        while (!lines.isEmpty() && lines.get(0).isBlank()) {
            lines.remove(0);
        }
        if (lines.isEmpty()) {
            throw new MusubiUserException(path + ": empty file; expected a header line (FID IID name… or IID name…)");
        }
        String[] header = split(lines.get(0));
        String h0 = header[0].startsWith("#") ? header[0].substring(1) : header[0];
        int idCol;
        int fidCol = -1;
        if (h0.equalsIgnoreCase("FID") && header.length > 1 && header[1].equalsIgnoreCase("IID")) {
            fidCol = 0;
            idCol = 1;
        } else if (h0.equalsIgnoreCase("IID")) {
            idCol = 0;
        } else {
            throw new MusubiUserException(path + " line 1: the header must start with 'FID IID' or 'IID' (PLINK"
                    + " style), found '" + header[0] + "'; add a header line naming the columns");
        }
        List<String> cols = new ArrayList<>();
        for (int i = idCol + 1; i < header.length; i++) {
            if (cols.contains(header[i])) {
                throw new MusubiUserException(path + " line 1: column '" + header[i] + "' appears twice");
            }
            cols.add(header[i]);
        }
        Map<String, String[]> rows = new LinkedHashMap<>();
        SampleIds.Index<String[]> index = new SampleIds.Index<>();
        for (int li = 1; li < lines.size(); li++) {
            String l = lines.get(li);
            if (l.isBlank()) {
                continue;
            }
            String[] f = split(l);
            if (f.length != header.length) {
                throw new MusubiUserException(path + " line " + (li + 1) + ": " + f.length + " columns, the header has "
                        + header.length + "; every line needs one value per column (write NA for missing)");
            }
            String iid = f[idCol];
            String[] vals = new String[cols.size()];
            System.arraycopy(f, idCol + 1, vals, 0, vals.length);
            if (rows.put(iid, vals) != null) {
                throw new MusubiUserException(path + " line " + (li + 1) + ": sample '" + iid + "' appears twice");
            }
            index.put(new SampleIds.Entry(fidCol >= 0 ? f[fidCol] : null, iid), vals);
        }
        Set<String> missing = Set.of("NA", "na", "nan", "NaN", ".", "", missingCode);
        return new PhenotypeFile(path, cols, rows, index, missing);
    }

    private static String[] split(String line) {
        String t = line.strip();
        return line.indexOf('\t') >= 0 ? t.split("\t", -1) : t.split("\\s+");
    }

    /**
     * The row for a table sample: its ID is matched to the IID, or to {@code FID_IID} when the table's IDs join
     * family and individual IDs with '_' (as PLINK writes VCF sample names), by {@link SampleIds}' rule; null if
     * absent.
     */
    public String[] lookup(String sampleId) {
        SampleIds.Index.Item<String[]> it = index.lookup(sampleId);
        return it == null ? null : it.value();
    }

    /** The file's FID/IID of a table sample's row (see {@link #lookup}); null if absent. Used by wgr's .loco IDs. */
    public SampleIds.Entry entry(String sampleId) {
        SampleIds.Index.Item<String[]> it = index.lookup(sampleId);
        return it == null ? null : it.entry();
    }

    public int columnIndex(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new MusubiUserException(
                    path + ": no column '" + name + "' (columns: " + String.join(", ", columns) + ")");
        }
        return i;
    }

    public boolean isMissing(String v) {
        return missingCodes.contains(v);
    }

    /** The value as a number (NaN if missing); a non-numeric value is an error naming sample and column. */
    public double numeric(String sampleId, String[] row, int col) {
        String v = row[col];
        if (isMissing(v)) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new MusubiUserException(path + ": sample " + sampleId + ", column " + columns.get(col) + ": '" + v
                    + "' is not a number (missing values: NA, -9, .)");
        }
    }

    /** Whether every non-missing value of a column parses as a number. */
    public boolean isNumericColumn(int col) {
        for (String[] r : rows.values()) {
            String v = r[col];
            if (isMissing(v)) {
                continue;
            }
            try {
                Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    /** Samples in the file, in file order. */
    /** Covariate columns as the models take them: names and one value per table sample (NaN: missing). */
    public record CovariateColumns(List<String> names, List<double[]> values) {
        public static final CovariateColumns NONE = new CovariateColumns(List.of(), List.of());
    }

    /**
     * The named columns of this (covariate) file for the table samples: numeric columns as they are, a categorical
     * column as one 0/1 column per level but the first (the reference, in sorted order), named {@code
     * column=level}, with a note saying so.
     *
     * @param rows each table sample's row of this file ({@link #lookup}), null when it has none
     */
    public CovariateColumns covariates(
            List<String> names, List<String> sampleIds, String[][] rows, java.util.function.Consumer<String> note) {
        int n = sampleIds.size();
        List<String> covNames = new ArrayList<>();
        List<double[]> covValues = new ArrayList<>();
        for (String c : names) {
            int ci = columnIndex(c);
            if (isNumericColumn(ci)) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = rows[i] == null ? Double.NaN : numeric(sampleIds.get(i), rows[i], ci);
                }
                covNames.add(c);
                covValues.add(v);
            } else {
                TreeSet<String> levels = new TreeSet<>();
                for (int i = 0; i < n; i++) {
                    if (rows[i] != null && !isMissing(rows[i][ci])) {
                        levels.add(rows[i][ci]);
                    }
                }
                List<String> lv = new ArrayList<>(levels);
                note.accept("covariate " + c + " is categorical (" + lv.size() + " levels); reference level '"
                        + (lv.isEmpty() ? "" : lv.get(0)) + "', one 0/1 column per other level");
                for (String level : lv.subList(Math.min(1, lv.size()), lv.size())) {
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = rows[i] == null || isMissing(rows[i][ci])
                                ? Double.NaN
                                : rows[i][ci].equals(level) ? 1 : 0;
                    }
                    covNames.add(c + "=" + level);
                    covValues.add(v);
                }
            }
        }
        return new CovariateColumns(covNames, covValues);
    }

    public List<String> sampleIds() {
        return new ArrayList<>(rows.keySet());
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
