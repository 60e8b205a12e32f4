package org.musubi.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
import org.musubi.integrity.FileDigest;
import org.musubi.integrity.Manifests;
import org.musubi.integrity.OutputDigests;
import org.musubi.integrity.ParquetDigest;

/**
 * Checks every file of a table or a job's output against the digests recorded when it was written, reading each
 * file in full, and lists every damaged one ({@code inspect --verify}). A directory written before digests were
 * recorded gives one warning and no damage.
 */
public final class IntegrityCheck {
    private IntegrityCheck() {}

    /** The result: the files checked, the damaged ones (one line each), and warnings. */
    public record Result(int checked, List<String> damaged, List<String> warnings) {}

    /** Checks {@code dir}, a table or an output directory. */
    public static Result check(FileSystem fs, Path dir) throws IOException {
        List<String> damaged = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (!fs.exists(new Path(dir, Manifests.SUCCESS))) {
            throw new MusubiUserException(dir + " is not a complete Musubi table or output (no " + Manifests.SUCCESS
                    + "): the job that wrote it did not finish");
        }
        if (!Manifests.hasDigest(fs, dir)) {
            warnings.add(dir + " was written before Musubi recorded checksums (its " + Manifests.SUCCESS
                    + " is empty): nothing to verify; re-run the job that wrote it to add them");
            return new Result(0, damaged, warnings);
        }
        String manifest = manifestName(fs, dir);
        Manifests.Manifest m;
        try {
            m = Manifests.read(fs, dir, manifest, dir.toString());
        } catch (MusubiUserException e) {
            damaged.add(e.getMessage());
            return new Result(1, damaged, warnings);
        }
        int checked = 1;
        List<String> listed = new ArrayList<>();
        if (manifest.equals(TableMetadata.FILE_NAME)) {
            TableMetadata meta = TableMetadata.fromJson(m.bytes());
            if (meta.variantFiles != null) {
                for (Map.Entry<String, ParquetDigest> e : meta.variantFiles.entrySet()) {
                    listed.add(e.getKey());
                    checked++;
                    run(damaged, () -> {
                        Path p = existing(fs, dir, e.getKey());
                        e.getValue().verifyWhole(fs, p, p.toString());
                    });
                }
            }
            if (meta.files != null) {
                for (Map.Entry<String, FileDigest> e : meta.files.entrySet()) {
                    listed.add(e.getKey());
                    checked++;
                    run(damaged, () -> {
                        Path p = existing(fs, dir, e.getKey());
                        e.getValue().verify(fs, p, p.toString());
                    });
                }
            }
        } else {
            Map<String, FileDigest> digests = OutputDigests.digests(fs, dir);
            for (Map.Entry<String, FileDigest> e : digests.entrySet()) {
                listed.add(e.getKey());
                checked++;
                run(damaged, () -> {
                    Path p = existing(fs, dir, e.getKey());
                    e.getValue().verify(fs, p, p.toString());
                });
            }
        }
        for (String rel : onDisk(fs, dir, "")) {
            if (!listed.contains(rel) && !rel.equals(manifest)) {
                warnings.add(new Path(dir, rel) + " is not listed in " + manifest + " (not written by the job)");
            }
        }
        return new Result(checked, damaged, warnings);
    }

    private static String manifestName(FileSystem fs, Path dir) throws IOException {
        for (String n : Manifests.NAMES) {
            if (fs.exists(new Path(dir, n))) {
                return n;
            }
        }
        throw new MusubiUserException(dir + " has no " + String.join(" or ", Manifests.NAMES));
    }

    private static Path existing(FileSystem fs, Path dir, String rel) throws IOException {
        Path p = new Path(dir, rel);
        if (!fs.exists(p)) {
            throw new MusubiUserException(p + " is missing (the manifest lists it)");
        }
        return p;
    }

    private interface Check {
        void run() throws IOException;
    }

    private static void run(List<String> damaged, Check c) throws IOException {
        try {
            c.run();
        } catch (MusubiUserException e) {
            damaged.add(e.getMessage());
        }
    }

    private static List<String> onDisk(FileSystem fs, Path d, String prefix) throws IOException {
        List<String> out = new ArrayList<>();
        for (FileStatus st : fs.listStatus(d)) {
            String name = st.getPath().getName();
            if (name.startsWith(".")
                    || (name.startsWith("_")
                            && !name.equals(TableMetadata.QUARANTINE)
                            && !name.equals(TableMetadata.FILE_NAME))) {
                continue;
            }
            if (st.isDirectory()) {
                out.addAll(onDisk(fs, st.getPath(), prefix + name + "/"));
            } else {
                out.add(prefix + name);
            }
        }
        return out;
    }
}
