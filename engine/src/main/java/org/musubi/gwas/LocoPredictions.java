package org.musubi.gwas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;
import org.musubi.genome.Contig;
import org.musubi.io.InputFile;
import org.musubi.samples.SampleIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REGENIE's step-1 predictions as {@code gwas --pred} reads them (SPECS §8.1): the {@code <out>_pred.list} file
 * (one {@code name path} line per phenotype) and each phenotype's {@code .loco[.gz]} file (line 1 {@code FID_IID}
 * then the samples as {@code FID_IID}; then one row per chromosome, {@code chr v1 … vN}, chromosomes as REGENIE
 * numbers them, X = 23; {@code NA} missing). Samples are matched to the table by the one rule ({@link SampleIds}): a
 * header token {@code A_B} is the sample of FID A and IID B (each split at an underscore is tried). Read on the
 * driver to check everything once; each task reads only the rows of its chromosomes ({@link #row}).
 *
 * <p>A path of the list is used as written (an absolute path, or relative to the working directory, as REGENIE
 * opens it); where no file is there, the file of that name beside the list is used (a list moved with its files, as
 * Glow's reference runs are).
 */
final class LocoPredictions implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LocoPredictions.class);

    /** Per phenotype: its {@code .loco} file. */
    final Map<String, String> paths = new LinkedHashMap<>();
    /** Per phenotype: table sample → value column of its rows (0-based after the chromosome), -1 if absent. */
    final Map<String, int[]> tableToColumn = new HashMap<>();
    /** Per phenotype: REGENIE chromosome number → line number (0-based, the header is line 0). */
    final Map<String, Map<Integer, Integer>> rowLines = new HashMap<>();

    /**
     * Reads the list and checks the files of {@code phenotypes}: each has a line in the list, a header that names
     * every table sample in {@code analysed} and only table samples, a row for every chromosome in {@code contigs},
     * and one value per header sample in each row.
     */
    static LocoPredictions open(
            String predList,
            List<String> phenotypes,
            List<String> tableIds,
            boolean[] analysed,
            List<String> contigs,
            Configuration conf)
            throws IOException {
        Map<String, String> listed = readList(predList, conf);
        LocoPredictions loco = new LocoPredictions();
        for (String ph : phenotypes) {
            String path = listed.get(ph);
            if (path == null) {
                throw new MusubiUserException("--pred " + predList + ": no line for phenotype " + ph
                        + " (the list names "
                        + String.join(", ", listed.keySet()) + "); run step 1 with that phenotype, or leave it out with"
                        + " --pheno-name");
            }
            loco.paths.put(ph, path);
            loco.check(ph, path, tableIds, analysed, contigs, conf);
        }
        return loco;
    }

    /** The list's phenotypes and their files (resolved as the class comment says). */
    static Map<String, String> readList(String predList, Configuration conf) throws IOException {
        Path list = new Path(predList);
        Map<String, String> out = new LinkedHashMap<>();
        FileSystem fs = list.getFileSystem(conf);
        try (BufferedReader r = reader("--pred", list, conf)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                if (f.length != 2) {
                    throw new MusubiUserException("--pred " + predList + " line " + no + ": " + f.length
                            + " fields; each line is 'phenotype path/to/file.loco' (REGENIE's _pred.list)");
                }
                Path p = new Path(f[1]);
                if (!fs.exists(p)) {
                    Path beside = new Path(list.getParent(), p.getName());
                    if (fs.exists(beside)) {
                        LOG.info("gwas: --pred {}: {} not found, using {} beside the list", predList, f[1], beside);
                        p = beside;
                    }
                }
                out.put(f[0], p.toString());
            }
        }
        if (out.isEmpty()) {
            throw new MusubiUserException("--pred " + predList + ": empty; expected REGENIE step 1's _pred.list lines");
        }
        return out;
    }

    private void check(
            String ph, String path, List<String> tableIds, boolean[] analysed, List<String> contigs, Configuration conf)
            throws IOException {
        try (BufferedReader r = reader("--pred (" + ph + ")", new Path(path), conf)) {
            String first = r.readLine();
            String[] header = first == null ? new String[0] : first.trim().split("\\s+");
            if (header.length < 2 || !header[0].equals("FID_IID")) {
                throw new MusubiUserException(path + " line 1: must start with FID_IID then the samples (a REGENIE"
                        + " .loco file); found '" + (header.length == 0 ? "" : header[0]) + "'");
            }
            int[] map = matchSamples(path, header, tableIds, analysed);
            tableToColumn.put(ph, map);
            Map<Integer, Integer> lines = new HashMap<>();
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                line = line.trim();
                if (line.isEmpty()) {
                    throw new MusubiUserException(path + " line " + (no + 1) + ": empty; a .loco file has one row per"
                            + " chromosome after the header");
                }
                int fields = 1;
                for (int i = 0, len = line.length(); i < len; i++) {
                    char c = line.charAt(i);
                    if ((c == ' ' || c == '\t')
                            && i + 1 < len
                            && line.charAt(i + 1) != ' '
                            && line.charAt(i + 1) != '\t') {
                        fields++;
                    }
                }
                String chr = line.split("\\s", 2)[0];
                if (fields != header.length) {
                    throw new MusubiUserException(path + " line " + (no + 1) + " (chromosome " + chr + "): "
                            + (fields - 1) + " values, the header names " + (header.length - 1) + " samples");
                }
                int code = Contig.plinkCode(chr);
                if (code == 0) {
                    throw new MusubiUserException(path + " line " + (no + 1) + ": '" + chr
                            + "' is not a chromosome (REGENIE numbers them 1-22, X = 23)");
                }
                lines.put(code, no);
            }
            for (String c : contigs) {
                int code = regenieChromosome(c);
                if (!lines.containsKey(code)) {
                    throw new MusubiUserException(path + ": no row for chromosome " + code + " (table contig " + c
                            + "); step 1 did not see it: run step 1 on this table's chromosomes");
                }
            }
            rowLines.put(ph, lines);
        }
    }

    /** Table sample → column; a table sample in the analysis without a column, or a header sample not in the table,
     * is refused. */
    private static int[] matchSamples(String path, String[] header, List<String> tableIds, boolean[] analysed) {
        SampleIds.Index<Integer> index = new SampleIds.Index<>();
        for (int c = 1; c < header.length; c++) {
            String tok = header[c];
            for (int u = tok.indexOf('_'); u > 0; u = tok.indexOf('_', u + 1)) {
                index.put(new SampleIds.Entry(tok.substring(0, u), tok.substring(u + 1)), c - 1);
            }
        }
        int n = tableIds.size();
        int[] map = new int[n];
        boolean[] used = new boolean[header.length - 1];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<SampleIds.Index.Item<Integer>> items = index.all(tableIds.get(i));
            map[i] = -1;
            for (SampleIds.Index.Item<Integer> it : items) {
                if (map[i] >= 0 && map[i] != it.value()) {
                    throw new MusubiUserException(path + ": table sample " + tableIds.get(i) + " matches two header"
                            + " columns (" + header[map[i] + 1] + ", " + header[it.value() + 1] + ")");
                }
                map[i] = it.value();
            }
            if (map[i] >= 0) {
                used[map[i]] = true;
            } else if (analysed[i]) {
                missing.add(tableIds.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new MusubiUserException(path + ": " + missing.size() + " sample(s) of the analysis are not in its"
                    + " FID_IID header (first: " + missing.get(0) + "); the .loco file was made for other samples: run"
                    + " step 1 on this table's samples");
        }
        for (int c = 0; c < used.length; c++) {
            if (!used[c]) {
                int count = 0;
                for (boolean b : used) {
                    count += b ? 0 : 1;
                }
                throw new MusubiUserException(path + ": " + count + " sample(s) of its FID_IID header are not in the"
                        + " table (first: " + header[c + 1] + "); the .loco file was made for another table");
            }
        }
        return map;
    }

    /** REGENIE's chromosome number of a table contig (1-22, X 23, Y 24, XY 25, MT 26). */
    static int regenieChromosome(String contig) {
        int code = Contig.plinkCode(contig);
        if (code == 0) {
            throw new MusubiUserException("gwas --pred: table contig " + contig + " has no REGENIE chromosome number"
                    + " (1-22, X, Y, XY, MT); REGENIE's step 1 cannot have predicted it");
        }
        return code;
    }

    /** The row of chromosome {@code code} over the table samples (NaN: not in the file, or NA). */
    double[] row(String ph, int code, Configuration conf) throws IOException {
        int target = rowLines.get(ph).get(code);
        int[] map = tableToColumn.get(ph);
        try (BufferedReader r = reader("--pred", new Path(paths.get(ph)), conf)) {
            String line = null;
            for (int i = 0; i <= target; i++) {
                line = r.readLine();
            }
            String[] f = line.trim().split("\\s+");
            double[] out = new double[map.length];
            for (int i = 0; i < map.length; i++) {
                String v = map[i] < 0 ? "NA" : f[map[i] + 1];
                out[i] = v.equals("NA") ? Double.NaN : Double.parseDouble(v);
            }
            return out;
        }
    }

    private static BufferedReader reader(String what, Path p, Configuration conf) throws IOException {
        InputStream raw = InputFile.openInput(what, p, conf);
        InputStream in = p.getName().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
