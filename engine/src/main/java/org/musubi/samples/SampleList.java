package org.musubi.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.musubi.io.InputFile;

/**
 * A list of samples, one per line, as PLINK's {@code --keep}/{@code --remove} files and a release policy's {@code
 * withdrawn_samples} file give them: {@code IID} or {@code FID IID} (whitespace-separated; further columns ignored);
 * blank lines, {@code #} lines and a {@code FID}/{@code IID} header are skipped. Matched to a table's samples with
 * the one rule of {@link SampleIds}. Used by gwas ({@code --keep}) and the release policy (freq, prs, gwas).
 */
public final class SampleList implements Iterable<SampleIds.Entry>, Serializable {
    public final String path;
    private final List<SampleIds.Entry> entries;

    private SampleList(String path, List<SampleIds.Entry> entries) {
        this.path = path;
        this.entries = entries;
    }

    public static final SampleList EMPTY = new SampleList(null, List.of());

    /** Reads a list; a missing file is a user error naming {@code what} (e.g. {@code --keep}) and the path. */
    public static SampleList read(String what, Path p, Configuration conf) throws IOException {
        try (InputStream in = InputFile.openInput(what, p, conf)) {
            return parse(p.toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    public static SampleList parse(String path, String text) {
        Set<SampleIds.Entry> out = new LinkedHashSet<>();
        for (String l : text.split("\n")) {
            String[] f = l.strip().split("\\s+");
            if (f[0].isEmpty() || f[0].startsWith("#") || f[0].equals("IID") || f[0].equals("FID")) {
                continue;
            }
            out.add(f.length >= 2 ? new SampleIds.Entry(f[0], f[1]) : new SampleIds.Entry(null, f[0]));
        }
        return new SampleList(path, List.copyOf(out));
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public Iterator<SampleIds.Entry> iterator() {
        return entries.iterator();
    }

    /**
     * The list matched to a table's samples.
     *
     * @param inList per table sample (table order): whether the list names it
     * @param count how many table samples the list names
     * @param unmatched the list's entries that name no table sample, in list order
     */
    public record Match(boolean[] inList, int count, List<SampleIds.Entry> unmatched) {
        /** The table IDs the list names. */
        public Set<String> ids(List<String> tableIds) {
            Set<String> s = new LinkedHashSet<>();
            for (int i = 0; i < inList.length; i++) {
                if (inList[i]) {
                    s.add(tableIds.get(i));
                }
            }
            return s;
        }
    }

    public Match match(List<String> tableIds) {
        SampleIds.Index<Integer> index = new SampleIds.Index<>();
        for (int e = 0; e < entries.size(); e++) {
            index.put(entries.get(e), e);
        }
        boolean[] used = new boolean[entries.size()];
        boolean[] in = new boolean[tableIds.size()];
        int count = 0;
        for (int i = 0; i < in.length; i++) {
            String id = tableIds.get(i);
            // every entry that is this sample is used (a file may name it both ways)
            for (SampleIds.Index.Item<Integer> it : index.all(id)) {
                used[it.value()] = true;
                in[i] = true;
            }
            count += in[i] ? 1 : 0;
        }
        List<SampleIds.Entry> unmatched = new ArrayList<>();
        for (int e = 0; e < used.length; e++) {
            if (!used[e]) {
                unmatched.add(entries.get(e));
            }
        }
        return new Match(in, count, unmatched);
    }

    /**
     * A hint for an entry that names no table sample: a table sample with its IID under another FID, if any.
     */
    public static String nearMiss(SampleIds.Entry e, List<String> tableIds) {
        for (String id : tableIds) {
            if (id.endsWith("_" + e.iid())) {
                String fid = id.substring(0, id.length() - e.iid().length() - 1);
                return "table sample " + id + " has IID " + e.iid() + " with FID " + fid + "; list it as '" + fid + " "
                        + e.iid() + "' or '" + id + "'";
            }
        }
        return null;
    }
}
