package org.musubi.samples;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one rule by which a sample named in a file is matched to a table sample, for every file that names samples:
 * keep lists ({@code gwas --keep}), a release policy's withdrawn list, phenotype, covariate and outcome files
 * ({@link PhenotypeFile}) and sample manifests ({@link SampleManifest}).
 *
 * <p>A file names a sample by IID, or by FID and IID; without an FID the FID is the IID (PLINK's {@code
 * --double-id}). It matches the table sample named IID, and the table sample named {@code FID_IID} (as PLINK writes
 * VCF sample names, e.g. {@code HG00096_HG00096}). The FID is checked: {@code FAM1_S1} is not sample {@code S1} of a
 * file that gives S1 no FID (or another one), so a name that merely ends in {@code _S1} is never taken for it.
 */
public final class SampleIds {
    private SampleIds() {}

    /** A sample as a file names it: its IID and, where the file gives one, its FID (else null). */
    public record Entry(String fid, String iid) implements Serializable {
        /** The FID the rule checks: the file's, else the IID. */
        public String family() {
            return fid == null ? iid : fid;
        }

        /** As a user wrote it, for messages: {@code IID} or {@code FID IID}. */
        @Override
        public String toString() {
            return fid == null ? iid : fid + " " + iid;
        }
    }

    /** Whether a table sample is this entry: named IID, or FID_IID. */
    public static boolean matches(String tableId, Entry e) {
        return tableId.equals(e.iid())
                || (tableId.length() == e.family().length() + 1 + e.iid().length()
                        && tableId.startsWith(e.family())
                        && tableId.charAt(e.family().length()) == '_'
                        && tableId.endsWith(e.iid()));
    }

    /**
     * Entries with a value each (a file's rows), looked up by table sample ID with the rule above: by IID first, then
     * at each '_' of the table ID as FID_IID.
     */
    public static final class Index<T> {
        private final Map<String, List<Item<T>>> byIid = new HashMap<>();

        /** One entry and its value. */
        public record Item<T>(Entry entry, T value) {}

        public void put(Entry e, T value) {
            byIid.computeIfAbsent(e.iid(), k -> new ArrayList<>(1)).add(new Item<>(e, value));
        }

        /** The first entry (in the order put) that is this table sample; null if none. */
        public Item<T> lookup(String tableId) {
            List<Item<T>> all = all(tableId);
            return all.isEmpty() ? null : all.get(0);
        }

        /** Every entry that is this table sample: those of IID = the table ID first, then those of FID_IID. */
        public List<Item<T>> all(String tableId) {
            List<Item<T>> out = new ArrayList<>(1);
            out.addAll(byIid.getOrDefault(tableId, List.of()));
            for (int u = tableId.indexOf('_'); u > 0; u = tableId.indexOf('_', u + 1)) {
                for (Item<T> it : byIid.getOrDefault(tableId.substring(u + 1), List.of())) {
                    if (matches(tableId, it.entry()) && !out.contains(it)) {
                        out.add(it);
                    }
                }
            }
            return out;
        }
    }
}
