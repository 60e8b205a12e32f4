package org.musubi.output;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Tasks write numbered parts, the driver puts them together in task order ({@link PartConcat}) or moves them into
 * place ({@link #promote}). Each task attempt writes its own paths ({@link #attemptPath}: {@code
 * part-00003.attempt-<id>}, the id unique per task attempt in the application), and reports the paths it wrote: as
 * its result, or through a {@link Written} accumulator when its result is something else (a Spark write). The
 * driver reads only the paths reported by the successful attempt of each task, so a failed, retried or speculative
 * attempt never clobbers or adds to another's part. Used by export, freq, gwas, simulate and ingest.
 *
 * <p>Test hook: with the system property {@value #FAIL_AFTER_PART} set to a part number, the first attempt of that
 * part's task fails in {@link #written} once the part is written (the retry tests use it; nothing else sets it).
 */
public final class PartFiles {
    /** System property: the part whose first attempt fails after writing (tests only). */
    public static final String FAIL_AFTER_PART = "musubi.test.failAfterPart";

    private PartFiles() {}

    /** A part one task attempt wrote: its number, its path and a count the task reports (rows, sites). */
    public record Part(int index, String path, long count) implements Serializable {}

    /** The running task attempt's id, unique in the application (0 outside a task). */
    public static long attemptId() {
        TaskContext tc = TaskContext.get();
        return tc == null ? 0 : tc.taskAttemptId();
    }

    /** The name this task attempt gives part {@code index}: {@code <prefix>-00003.attempt-<id><suffix>}. */
    public static String attemptName(String prefix, int index, String suffix) {
        return String.format(Locale.ROOT, "%s-%05d.attempt-%d%s", prefix, index, attemptId(), suffix);
    }

    /** This task attempt's path for part {@code index} in {@code dir}: {@code part-00003.attempt-<id><suffix>}. */
    public static Path attemptPath(String dir, int index, String suffix) {
        return new Path(dir, attemptName("part", index, suffix));
    }

    /**
     * Called by a task when its part is written, before it reports it: the test hook ({@link #FAIL_AFTER_PART})
     * fails here.
     */
    public static void written(int index) throws IOException {
        String fail = System.getProperty(FAIL_AFTER_PART);
        TaskContext tc = TaskContext.get();
        if (fail != null
                && tc != null
                && tc.attemptNumber() == 0
                && Integer.toString(index).equals(fail)) {
            throw new IOException("injected failure after part " + index + " was written (" + FAIL_AFTER_PART + ")");
        }
    }

    /** Moves a part written by the successful attempt to its final name (creating the directory). */
    public static void promote(FileSystem fs, Path part, Path dst) throws IOException {
        fs.mkdirs(dst.getParent());
        if (!fs.rename(part, dst)) {
            throw new IOException("cannot move " + part + " to " + dst);
        }
    }

    /**
     * The parts reported by the tasks of a Spark action whose result is not the parts (e.g. a Parquet write): Spark
     * applies an accumulator update of an action's task once, from its successful attempt only.
     */
    public static final class Written implements Serializable {
        private static final long serialVersionUID = 1L;
        private final CollectionAccumulator<Part> parts;

        public Written(JavaSparkContext jsc, String name) {
            parts = jsc.sc().collectionAccumulator(name);
        }

        /** In a task: reports the part this attempt wrote. */
        public void add(Part part) throws IOException {
            written(part.index());
            parts.add(part);
        }

        /** On the driver, after the action: the parts in part order; one per part 0 … n−1, or an error. */
        public List<Part> inOrder(int n) {
            List<Part> out = new ArrayList<>(parts.value());
            out.sort(Comparator.comparingInt(Part::index));
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).index() != i) {
                    throw new IllegalStateException(
                            "part " + i + " reported " + (out.get(i).index() < i ? "twice" : "by no task"));
                }
            }
            if (out.size() != n) {
                throw new IllegalStateException(n + " parts expected, " + out.size() + " reported");
            }
            return out;
        }
    }
}
