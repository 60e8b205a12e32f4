package org.musubi.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;
import org.musubi.io.InputFile;
import org.musubi.io.plink.FamRecord;

/**
 * Per-sample attributes from a manifest: a TSV with a header ({@code sample_id}, optional {@code sex},
 * {@code population}, {@code bank}, any other columns kept as strings), a PLINK 2 {@code .psam} ({@code #IID} or
 * {@code #FID IID}, {@code SEX}, …) or a PLINK 1 {@code .fam} (FID IID father mother sex phenotype, no header).
 * Sex is normalised to {@code XX}/{@code XY} (karyotypic, as gnomAD), unknown as null. Rows are matched to the
 * input's samples by {@link SampleIds}' rule ({@link #lookup}; the FID of a {@code .fam}, or of a {@code FID}
 * column, is checked). Used by ingest.
 */
public final class SampleManifest {
    public static final String SAMPLE_ID = "sample_id";
    public static final String SEX = "sex";
    public static final String POPULATION = "population";
    public static final String BANK = "bank";

    /** Extra column names, in file order. */
    public final List<String> extraColumns;
    /** sample_id → row (sex, population, bank, extras…). */
    public final Map<String, Entry> entries;

    private final SampleIds.Index<Entry> index;

    /** One manifest row. */
    public record Entry(String sampleId, String sex, String population, String bank, String[] extras) {}

    private SampleManifest(List<String> extraColumns, Map<String, Entry> entries, Map<String, String> fids) {
        this.extraColumns = extraColumns;
        this.entries = entries;
        this.index = new SampleIds.Index<>();
        entries.forEach((id, e) -> index.put(new SampleIds.Entry(fids.get(id), id), e));
    }

    /** The row of an input sample, by {@link SampleIds}' rule (IID, or FID_IID); null if none. */
    public Entry lookup(String sampleId) {
        SampleIds.Index.Item<Entry> it = index.lookup(sampleId);
        return it == null ? null : it.value();
    }

    public static SampleManifest read(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(InputFile.openInput("--samples", p, conf), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                lines.add(l);
            }
        }
        if (lines.isEmpty()) {
            throw new MusubiUserException(path + ": the sample manifest is empty; it needs a header line with"
                    + " sample_id (or a .psam/.fam file)");
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".fam")) {
            return readFam(path, lines);
        }
        return readWithHeader(path, lines);
    }

    /**
     * A manifest from the lines of a {@code .fam}: sex, and the family, parents and phenotype as the extra columns
     * {@link FamRecord#EXTRA_COLUMNS} (as a {@code .psam} names them).
     */
    public static SampleManifest readFam(String path, List<String> lines) {
        Map<String, Entry> out = new LinkedHashMap<>();
        Map<String, String> fids = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            FamRecord f;
            try {
                f = FamRecord.parse(lines.get(i));
            } catch (IllegalArgumentException e) {
                throw new MusubiUserException(path + " line " + (i + 1) + ": " + e.getMessage());
            }
            if (f == null) {
                continue;
            }
            put(out, path, i, new Entry(f.iid(), sex(f.sex(), path, i), null, null, f.extras()));
            fids.put(f.iid(), f.fid());
        }
        return new SampleManifest(FamRecord.EXTRA_COLUMNS, out, fids);
    }

    private static SampleManifest readWithHeader(String path, List<String> lines) {
        String header = lines.get(0);
        boolean psam = header.startsWith("#");
        String[] cols = (psam ? header.substring(1) : header).strip().split(psam ? "\\s+" : "\t");
        int id = -1;
        int sex = -1;
        int pop = -1;
        int bank = -1;
        int fid = -1;
        List<Integer> extra = new ArrayList<>();
        List<String> extraNames = new ArrayList<>();
        for (int i = 0; i < cols.length; i++) {
            String c = cols[i].strip();
            String lc = c.toLowerCase(Locale.ROOT);
            if (lc.equals(SAMPLE_ID) || lc.equals("iid") || (lc.equals("sample") && id < 0)) {
                id = i;
            } else if (lc.equals(SEX)) {
                sex = i;
            } else if (lc.equals(POPULATION) || lc.equals("pop")) {
                pop = i;
            } else if (lc.equals(BANK)) {
                bank = i;
            } else {
                if (lc.equals("fid")) {
                    fid = i;
                }
                extra.add(i);
                extraNames.add(c.replaceAll("[^A-Za-z0-9_]", "_"));
            }
        }
        if (id < 0) {
            throw new MusubiUserException(path + " line 1: no sample_id (or IID) column in the header '" + header
                    + "'; the manifest is a TSV with a header line naming sample_id, sex, population, bank");
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        Map<String, String> fids = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) {
                continue;
            }
            String[] f = psam ? l.strip().split("\\s+") : l.split("\t", -1);
            if (f.length != cols.length) {
                throw new MusubiUserException(path + " line " + (i + 1) + ": " + f.length + " columns, the header has "
                        + cols.length + (psam ? "" : " (the manifest is tab-separated)"));
            }
            String[] ex = new String[extra.size()];
            for (int k = 0; k < ex.length; k++) {
                ex[k] = na(f[extra.get(k)]);
            }
            put(
                    out,
                    path,
                    i,
                    new Entry(
                            f[id].strip(),
                            sex < 0 ? null : sex(f[sex], path, i),
                            pop < 0 ? null : na(f[pop]),
                            bank < 0 ? null : na(f[bank]),
                            ex));
            if (fid >= 0) {
                fids.put(f[id].strip(), f[fid].strip());
            }
        }
        return new SampleManifest(extraNames, out, fids);
    }

    private static void put(Map<String, Entry> out, String path, int line, Entry e) {
        if (out.put(e.sampleId(), e) != null) {
            throw new MusubiUserException(
                    path + " line " + (line + 1) + ": sample '" + e.sampleId() + "' is listed twice; each sample once");
        }
    }

    private static String na(String s) {
        s = s.strip();
        return s.isEmpty() || s.equals("NA") || s.equals(".") ? null : s;
    }

    /** Normalises a sex code: 1/M/male/XY → XY, 2/F/female/XX → XX, 0/NA/unknown/empty → null. */
    public static String sex(String raw, String path, int line) {
        String s = raw.strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "1", "m", "male", "xy" -> "XY";
            case "2", "f", "female", "xx" -> "XX";
            case "0", "", "na", ".", "-9", "u", "unknown", "nan" -> null;
            default -> throw new MusubiUserException(path + " line " + (line + 1) + ": sex '" + raw + "' is not"
                    + " one of 1/M/male/XY, 2/F/female/XX, 0/NA/unknown");
        };
    }
}
