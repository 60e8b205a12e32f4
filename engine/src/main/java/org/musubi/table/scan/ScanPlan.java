package org.musubi.table.scan;

import java.util.ArrayList;
import java.util.List;
import org.musubi.table.VariantTable;

/**
 * How a job cuts a variant table into Spark tasks. {@link #slices}: the table's rows in genome order cut into
 * contiguous runs of about equal row counts, one list of {@link Slice}s per task, so each task's output is in genome
 * order and the job's output is the tasks' parts concatenated (no shuffle, no sort); used by gwas. {@link #perFile}:
 * one whole file per task; used by freq and export (one part per variant file) and prs.
 */
public final class ScanPlan {
    private ScanPlan() {}

    /** The files' rows cut into {@code tasks} contiguous slice lists (fewer when there are fewer rows). */
    public static List<List<Slice>> slices(List<VariantTable.VariantFile> files, int tasks) {
        long total = 0;
        for (VariantTable.VariantFile f : files) {
            total += f.rows();
        }
        int t = (int) Math.max(1, Math.min(tasks, total));
        List<List<Slice>> out = new ArrayList<>(t);
        long done = 0;
        int fi = 0;
        long inFile = 0;
        for (int k = 0; k < t; k++) {
            long end = total * (k + 1) / t;
            List<Slice> slices = new ArrayList<>();
            while (done < end) {
                VariantTable.VariantFile f = files.get(fi);
                long take = Math.min(f.rows() - inFile, end - done);
                if (take > 0) {
                    slices.add(new Slice(f, inFile, inFile + take));
                }
                inFile += take;
                done += take;
                if (inFile == f.rows()) {
                    fi++;
                    inFile = 0;
                }
            }
            out.add(slices);
        }
        return out;
    }

    /** One slice per file, the whole file, in the given order. */
    public static List<Slice> perFile(List<VariantTable.VariantFile> files) {
        List<Slice> out = new ArrayList<>(files.size());
        for (VariantTable.VariantFile f : files) {
            out.add(Slice.of(f));
        }
        return out;
    }
}
