package org.musubi.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;
import org.musubi.io.bgen.BgenHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BGEN's sample IDs: embedded in the file, else from an Oxford {@code .sample} file ({@code ID_2}, or {@code ID_1}
 * when it is the only ID column), else generated as qctool does ({@code sample_0}, …). A {@code .sample} whose count
 * or IDs disagree with the BGEN is refused naming both files.
 */
final class BgenSampleIds {
    private static final Logger LOG = LoggerFactory.getLogger(BgenSampleIds.class);

    /** The IDs and where they came from ({@code bgen}, the {@code .sample} path, or {@code generated}). */
    record Ids(String[] ids, String source) {}

    private BgenSampleIds() {}

    static Ids resolve(BgenHeader h, String bgen, String sampleFile, Configuration conf) throws IOException {
        if (sampleFile == null) {
            if (h.sampleIds != null) {
                return new Ids(h.sampleIds, "bgen");
            }
            String[] ids = new String[h.sampleCount];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = "sample_" + i;
            }
            LOG.warn(
                    "ingest: {} has no sample IDs and no --sample file was given: the samples are named sample_0 …"
                            + " sample_{} (give --sample x.sample to name them)",
                    bgen,
                    ids.length - 1);
            return new Ids(ids, "generated");
        }
        List<String> ids = read(sampleFile, conf);
        if (ids.size() != h.sampleCount) {
            throw new MusubiUserException(sampleFile + " lists " + ids.size() + " samples but " + bgen + " has "
                    + h.sampleCount + (ids.size() < h.sampleCount ? ": the .sample file is short" : "")
                    + "; give the .sample file made with this BGEN");
        }
        int i = h.sampleIds == null ? -1 : Arrays.mismatch(ids.toArray(new String[0]), h.sampleIds);
        if (i >= 0) {
            throw new MusubiUserException("the sample IDs of " + sampleFile + " and " + bgen + " disagree:"
                    + " sample " + (i + 1) + " is '" + ids.get(i) + "' in the .sample file and '"
                    + h.sampleIds[i] + "' in the BGEN; drop --sample (the BGEN's IDs are used) or give the"
                    + " .sample file made with this BGEN");
        }
        if (h.sampleIds != null) {
            return new Ids(h.sampleIds, "bgen (" + sampleFile + " agrees)");
        }
        return new Ids(ids.toArray(new String[0]), sampleFile);
    }

    /** The IDs of an Oxford {@code .sample} file: two header lines, then one line per sample. */
    static List<String> read(String file, Configuration conf) throws IOException {
        Path p = new Path(file);
        List<String> ids = new ArrayList<>();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(p.getFileSystem(conf).open(p), StandardCharsets.UTF_8))) {
            String head = r.readLine();
            String types = r.readLine();
            if (head == null || types == null) {
                throw new MusubiUserException(file + ": an Oxford .sample file starts with two header lines (ID_1"
                        + " ID_2 missing …, then 0 0 0 …); this one has fewer lines");
            }
            String[] cols = head.trim().split("\\s+");
            if (!cols[0].equals("ID_1")) {
                throw new MusubiUserException(file + " line 1: '" + cols[0] + "' where an Oxford .sample file has"
                        + " ID_1; give a .sample file (ID_1 ID_2 missing …)");
            }
            int idCol = cols.length > 1 && cols[1].equals("ID_2") ? 1 : 0;
            String line;
            int no = 2;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                if (f.length < cols.length) {
                    throw new MusubiUserException(file + " line " + no + ": " + f.length + " column(s) where the"
                            + " header has " + cols.length + " (" + String.join(" ", cols) + "); the file is"
                            + " truncated or corrupt: give the .sample file made with this BGEN");
                }
                ids.add(f[idCol]);
            }
        }
        return ids;
    }
}
