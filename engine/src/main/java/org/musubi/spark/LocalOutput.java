package org.musubi.spark;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Files on the local file system created without Hadoop's {@link RawLocalFileSystem#create}: without the native
 * Hadoop library that sets the new file's permission by running {@code chmod} in a child process, once per file (a
 * fork and exec per part file of a task; seen in a warm freq job's profile). A {@link FileOutputStream} gets the same
 * mode ({@code 0666} less the umask, as Hadoop's default {@code 0644} under the usual umask) and the same bytes. Used
 * only where Hadoop would write through {@link RawLocalFileSystem} (Musubi's sessions set it for {@code file:}); any
 * other file system, or a {@code LocalFileSystem} with its {@code .crc} side files, goes through Hadoop as before.
 */
public final class LocalOutput {
    private LocalOutput() {}

    /** The local file {@code path} names where Hadoop would write it with {@link RawLocalFileSystem}; else null. */
    public static File localFile(Path path, Configuration conf) {
        URI u = path.toUri();
        String scheme = u.getScheme();
        if (scheme == null) {
            scheme = FileSystem.getDefaultUri(conf).getScheme();
        }
        if (!"file".equals(scheme)
                || !RawLocalFileSystem.class.getName().equals(conf.getTrimmed("fs.file.impl"))
                || u.getAuthority() != null && !u.getAuthority().isEmpty()) {
            return null;
        }
        return new File(u.getPath());
    }

    /** Creates (or replaces) {@code path}, its parent directories as needed, as {@code FileSystem.create(path, true)}. */
    public static OutputStream create(Path path, Configuration conf) throws IOException {
        File f = localFile(path, conf);
        if (f == null) {
            return path.getFileSystem(conf).create(path, true);
        }
        return open(f);
    }

    private static FileOutputStream open(File f) throws IOException {
        File parent = f.getAbsoluteFile().getParentFile();
        if (parent != null && !parent.isDirectory() && !parent.mkdirs() && !parent.isDirectory()) {
            throw new IOException("cannot create the directory " + parent);
        }
        return new FileOutputStream(f, false);
    }

    /** {@code path} as a Parquet {@link OutputFile}: local where {@link #localFile} says so, else Hadoop's. */
    public static OutputFile parquet(Path path, Configuration conf) throws IOException {
        File f = localFile(path, conf);
        if (f == null) {
            return org.apache.parquet.hadoop.util.HadoopOutputFile.fromPath(path, conf);
        }
        return new OutputFile() {
            @Override
            public PositionOutputStream create(long blockSizeHint) throws IOException {
                if (f.exists()) {
                    throw new org.apache.hadoop.fs.FileAlreadyExistsException(f.toString());
                }
                return stream(open(f));
            }

            @Override
            public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
                return stream(open(f));
            }

            @Override
            public boolean supportsBlockSize() {
                return false;
            }

            @Override
            public long defaultBlockSize() {
                return 0;
            }

            @Override
            public String getPath() {
                return path.toString();
            }
        };
    }

    /** A buffered stream that counts its bytes (Hadoop's create buffers at 4 KiB; Parquet writes pages whole). */
    private static PositionOutputStream stream(FileOutputStream out) {
        java.io.BufferedOutputStream b = new java.io.BufferedOutputStream(out, 1 << 16);
        return new PositionOutputStream() {
            private long pos;

            @Override
            public long getPos() {
                return pos;
            }

            @Override
            public void write(int x) throws IOException {
                b.write(x);
                pos++;
            }

            @Override
            public void write(byte[] x, int off, int len) throws IOException {
                b.write(x, off, len);
                pos += len;
            }

            @Override
            public void flush() throws IOException {
                b.flush();
            }

            @Override
            public void close() throws IOException {
                b.close();
            }
        };
    }
}
