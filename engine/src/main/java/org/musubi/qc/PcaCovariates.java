package org.musubi.qc;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;

/**
 * Joins a qc run's {@code covariates.tsv} (its PCs) with columns of another covariate file (e.g. age from a
 * phenotype provider) by IID into one file for {@code gwas --covar}: {@code FID IID} then the other file's columns,
 * then the PCs. Used by the demo, which takes age and sex from the simulation and the PCs from {@code qc}.
 */
public final class PcaCovariates {
    private PcaCovariates() {}

    /** The qc output directory's covariates file. */
    public static String of(String qcDir) {
        return new Path(qcDir, PcaOutput.COVARIATES).toString();
    }

    /**
     * Writes {@code out}: for each row of {@code other} (header {@code FID IID …}), its FID, IID and {@code
     * otherColumns}, then {@code pcs} from {@code qcDir}'s covariates.tsv ({@code NA} for a sample it lacks).
     */
    public static void join(
            Configuration conf, String qcDir, List<String> pcs, String other, List<String> otherColumns, String out)
            throws IOException {
        List<String[]> q = read(conf, of(qcDir));
        List<String[]> o = read(conf, other);
        int qIid = List.of(q.get(0)).indexOf("IID");
        int oIid = List.of(o.get(0)).indexOf("IID");
        int[] qc = columns(q.get(0), pcs, of(qcDir));
        int[] oc = columns(o.get(0), otherColumns, other);
        Map<String, String[]> byIid = new HashMap<>();
        for (String[] r : q.subList(1, q.size())) {
            byIid.put(r[qIid], r);
        }
        Path p = new Path(out);
        FileSystem fs = p.getFileSystem(conf);
        try (BufferedWriter w =
                new BufferedWriter(new OutputStreamWriter(fs.create(p, true), StandardCharsets.UTF_8))) {
            w.write("FID\tIID\t" + String.join("\t", otherColumns) + "\t" + String.join("\t", pcs) + "\n");
            for (String[] r : o.subList(1, o.size())) {
                List<String> f = new ArrayList<>(List.of(oIid > 0 ? r[oIid - 1] : r[oIid], r[oIid]));
                for (int c : oc) {
                    f.add(r[c]);
                }
                String[] qr = byIid.get(r[oIid]);
                for (int c : qc) {
                    f.add(qr == null ? "NA" : qr[c]);
                }
                w.write(String.join("\t", f) + "\n");
            }
        }
    }

    private static int[] columns(String[] header, List<String> names, String file) {
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = List.of(header).indexOf(names.get(i));
            if (out[i] < 0) {
                throw new MusubiUserException(
                        file + ": no column " + names.get(i) + " (header: " + String.join(" ", header) + ")");
            }
        }
        return out;
    }

    private static List<String[]> read(Configuration conf, String file) throws IOException {
        Path p = new Path(file);
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(p.getFileSystem(conf).open(p), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                if (!l.isBlank()) {
                    rows.add(l.replaceFirst("^#", "").split("\\s+"));
                }
            }
        }
        if (rows.isEmpty() || !List.of(rows.get(0)).contains("IID")) {
            throw new MusubiUserException(file + ": expected a header with IID");
        }
        return rows;
    }
}
