package org.musubi.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;
import org.musubi.io.bgzf.BgzfBlocks;
import org.musubi.io.bgzf.BgzfLineReader;

/** An input file with its detected compression. Serializable: tasks reopen it through Hadoop's FileSystem. */
public record InputFile(String path, long size, Compression compression) implements Serializable {

    /** How the bytes are stored: only BGZF text can be split across tasks (BCF is read whole, one task a file). */
    public enum Compression {
        PLAIN,
        GZIP,
        BGZF,
        BCF
    }

    /**
     * Opens a file the user named ({@code what}: the option, e.g. {@code --pheno}); a missing file is a user error,
     * "{@code --pheno x.tsv: no such file}". Every reader of a user's input file opens it here.
     */
    public static InputStream openInput(String what, Path p, Configuration conf) throws IOException {
        try {
            return p.getFileSystem(conf).open(p);
        } catch (java.io.FileNotFoundException e) {
            throw new MusubiUserException((what == null || what.isEmpty() ? "" : what + " ") + p + ": no such file");
        }
    }

    /** Detects the compression from the first bytes (not the name). */
    public static InputFile probe(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        long size = fs.getFileStatus(p).getLen();
        byte[] head = new byte[64];
        int n = 0;
        try (FSDataInputStream in = fs.open(p)) {
            int k;
            while (n < head.length && (k = in.read(head, n, head.length - n)) > 0) {
                n += k;
            }
        }
        Compression c;
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            c = BgzfBlocks.isBgzf(head, n) ? Compression.BGZF : Compression.GZIP;
            if (c == Compression.BGZF && isBcfInside(fs, p)) {
                c = Compression.BCF;
            }
        } else if (n >= 3 && head[0] == 'B' && head[1] == 'C' && head[2] == 'F') {
            c = Compression.BCF;
        } else {
            c = Compression.PLAIN;
        }
        return new InputFile(path, size, c);
    }

    private static boolean isBcfInside(FileSystem fs, Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(fs.open(p))) {
            byte[] b = new byte[3];
            int n = in.readNBytes(b, 0, 3);
            return n == 3 && b[0] == 'B' && b[1] == 'C' && b[2] == 'F';
        }
    }

    /** Lines of the whole file from its start (header reading, unsplit files). */
    public LineReader openAll(Configuration conf) throws IOException {
        return open(conf, 0, Long.MAX_VALUE);
    }

    /** Lines of the split [start, end) (block offsets for BGZF; the whole file otherwise). */
    public LineReader open(Configuration conf, long start, long end) throws IOException {
        Path p = new Path(path);
        FSDataInputStream in = p.getFileSystem(conf).open(p);
        return switch (compression) {
            case BGZF -> new BgzfLineReader(in, path, start, end);
            case GZIP -> new StreamLineReader(new GZIPInputStream(in, 1 << 16));
            case PLAIN -> new StreamLineReader(in);
            case BCF -> {
                byte[] magic = new byte[2];
                in.readFully(0, magic);
                in.seek(0);
                boolean gz = (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
                yield new BcfLineReader(gz ? new GZIPInputStream(in, 1 << 16) : in, path);
            }
        };
    }
}
