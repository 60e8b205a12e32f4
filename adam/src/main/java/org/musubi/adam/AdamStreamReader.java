package org.musubi.adam;

import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;

/**
 * One task of ADAM ingest's streaming path: reads the row groups of its {@link AdamStreamPlan.Split} in genome order
 * with parquet-mr's column readers ({@link AdamColumns}) and hands each genotype to an {@link AdamSplitWriter}, with
 * no shuffle. A position that began in the row group before the split's first one ({@code skip}) belongs to the
 * previous split and is passed over; the split's last position is completed from the row groups after it ({@code
 * tail}) up to the first genotype of another position. Strings are made only when the position or the variant
 * changes; samples are found by their bytes.
 */
final class AdamStreamReader implements Closeable {
    private static final Binary REF = Binary.fromString("REF");
    private static final Binary ALT = Binary.fromString("ALT");
    private static final Binary OTHER_ALT = Binary.fromString("OTHER_ALT");
    private static final Binary NO_CALL = Binary.fromString("NO_CALL");

    private final Configuration conf;
    private final AdamSplitWriter w;
    private final Map<Binary, Integer> sampleIndex = new HashMap<>();
    private final Map<String, ParquetFileReader> open = new LinkedHashMap<>();
    private final Map<String, AdamColumns> columns = new HashMap<>();

    // the current position and variant (copies of the bytes), and the strings made of them
    private Binary contig;
    private String contigName;
    private long start = -1;
    private Binary ref;
    private Binary alt;
    // the skip key (the previous split's last position) while still skipping, and the tail key
    private Binary skipContig;
    private long skipStart;
    private final int[] al = new int[2];

    AdamStreamReader(Configuration conf, AdamSplitWriter w, String[] samples) {
        this.conf = conf;
        this.w = w;
        for (int i = 0; i < samples.length; i++) {
            sampleIndex.put(Binary.fromString(samples[i]), i);
        }
    }

    /** Reads the split into the writer and returns what the writer wrote. */
    AdamSplitWriter.Result run(AdamStreamPlan.Split split) throws IOException {
        if (split.skip != null) {
            skipContig = Binary.fromString(split.skip.contig());
            skipStart = split.skip.start();
        }
        for (AdamStreamPlan.GroupRef g : split.groups) {
            read(g, null, 0);
        }
        if (split.tailKey != null) {
            Binary tc = Binary.fromString(split.tailKey.contig());
            for (AdamStreamPlan.GroupRef g : split.tail) {
                if (!read(g, tc, split.tailKey.start())) {
                    break;
                }
            }
        }
        return w.finish();
    }

    /**
     * Reads one row group; with {@code tailContig} only the genotypes at (tailContig, tailStart) from its start.
     *
     * @return false when a tail read met another position (the split is complete)
     */
    private boolean read(AdamStreamPlan.GroupRef g, Binary tailContig, long tailStart) throws IOException {
        ParquetFileReader fr = reader(g.path());
        AdamColumns c = columns.get(g.path());
        PageReadStore pages = fr.readRowGroup(g.group());
        c.bind(pages, fr.getFooter().getFileMetaData().getCreatedBy());
        long rows = pages.getRowCount();
        for (long i = 0; i < rows; i++) {
            Binary rc = c.referenceName.binary();
            boolean hasStart = c.start.present();
            long st = hasStart ? c.start.r.getLong() : -1;
            c.start.next();
            if (tailContig != null && !(hasStart && st == tailStart && tailContig.equals(rc))) {
                return false;
            }
            if (skipContig != null) {
                if (hasStart && st == skipStart && skipContig.equals(rc)) {
                    skipRest(c);
                    continue;
                }
                skipContig = null;
            }
            row(c, rc, hasStart ? st : null);
        }
        return true;
    }

    /** The rest of one genotype row, after its referenceName and start. */
    private void row(AdamColumns c, Binary rc, Long st) throws IOException {
        Binary rf = c.ref.binary();
        Binary ra = c.alt.binary();
        boolean newVariant = false;
        if (rc == null || st == null || rf == null || ra == null) {
            Binary sid = c.sampleId.binary();
            w.checkSite(
                    rc == null ? null : rc.toStringUsingUTF8(),
                    st,
                    rf == null ? null : rf.toStringUsingUTF8(),
                    ra == null ? null : ra.toStringUsingUTF8(),
                    sid == null ? null : sid.toStringUsingUTF8());
        }
        if (st != start || !rc.equals(contig)) {
            if (!rc.equals(contig)) {
                contig = rc.copy();
                contigName = rc.toStringUsingUTF8();
            }
            start = st;
            w.position(contigName, st);
            newVariant = true;
        }
        newVariant |= !rf.equals(ref) || !ra.equals(alt);
        String id = null;
        if (newVariant) {
            StringBuilder names = null;
            do {
                if (c.names.present()) {
                    names = names == null ? new StringBuilder() : names.append(';');
                    names.append(c.names.r.getBinary().toStringUsingUTF8());
                }
                c.names.next();
            } while (c.names.more());
            id = names == null ? null : names.toString();
        } else {
            skipList(c.names);
        }
        boolean split = c.split.present() && c.split.r.getBoolean();
        c.split.next();
        if (newVariant) {
            ref = rf.copy();
            alt = ra.copy();
            w.variant(rf.toStringUsingUTF8(), ra.toStringUsingUTF8(), id, split);
        }
        Binary sid = c.sampleId.binary();
        Integer s = sid == null ? null : sampleIndex.get(sid);
        if (s == null) {
            w.sampleIndex(sid == null ? null : sid.toStringUsingUTF8());
        }
        int k = 0;
        do {
            int d = c.alleles.r.getCurrentDefinitionLevel();
            if (d == c.alleles.maxDef || (c.alleles.optionalLeaf && d == c.alleles.maxDef - 1)) {
                if (k < 2) {
                    al[k] = d == c.alleles.maxDef ? allele(c.alleles.r.getBinary(), sid) : AdamCalls.NO_CALL;
                }
                k++;
            }
            c.alleles.next();
        } while (c.alleles.more());
        boolean phased = c.phased.present() && c.phased.r.getBoolean();
        c.phased.next();
        float ds = Float.NaN;
        if (c.ds != null) {
            if (c.ds.present()) {
                ds = c.ds.r.getFloat();
            }
            c.ds.next();
        }
        w.call(s, k, al[0], al[1], phased, ds);
    }

    private int allele(Binary a, Binary sample) {
        if (a.equals(REF)) {
            return AdamCalls.REF;
        } else if (a.equals(ALT)) {
            return AdamCalls.ALT;
        } else if (a.equals(OTHER_ALT)) {
            return AdamCalls.OTHER_ALT;
        } else if (a.equals(NO_CALL)) {
            return AdamCalls.NO_CALL;
        }
        throw w.badAllele(sample.toStringUsingUTF8(), a.toStringUsingUTF8());
    }

    /** Consumes the rest of a row that is passed over (after its referenceName and start). */
    private static void skipRest(AdamColumns c) {
        for (AdamColumns.Col col : List.of(c.ref, c.alt, c.names, c.split, c.sampleId, c.alleles, c.phased)) {
            skipList(col);
        }
        if (c.ds != null) {
            skipList(c.ds);
        }
    }

    /** Consumes one row's values of a column (one value, or a list's elements). */
    private static void skipList(AdamColumns.Col col) {
        do {
            col.next();
        } while (col.more());
    }

    private ParquetFileReader reader(String path) throws IOException {
        ParquetFileReader fr = open.get(path);
        if (fr == null) {
            fr = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), conf));
            AdamColumns c = AdamColumns.of(fr.getFooter().getFileMetaData().getSchema(), false);
            if (c == null) {
                fr.close();
                throw new IllegalStateException(path + ": no longer the ADAM genotype schema the plan read");
            }
            fr.setRequestedSchema(c.projection());
            open.put(path, fr);
            columns.put(path, c);
        }
        return fr;
    }

    @Override
    public void close() throws IOException {
        for (ParquetFileReader fr : open.values()) {
            fr.close();
        }
        open.clear();
    }
}
