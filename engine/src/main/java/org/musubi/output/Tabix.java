package org.musubi.output;

import htsjdk.samtools.util.BlockCompressedInputStream;
import htsjdk.samtools.util.BlockCompressedOutputStream;
import htsjdk.tribble.index.Index;
import htsjdk.tribble.index.tabix.TabixFormat;
import htsjdk.tribble.index.tabix.TabixIndexCreator;
import htsjdk.tribble.readers.LineIteratorImpl;
import htsjdk.tribble.readers.SynchronousLineReader;
import htsjdk.tribble.util.LittleEndianOutputStream;
import htsjdk.variant.vcf.VCFCodec;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The one tabix ({@code .tbi}) writer, on any Hadoop file system (local, hdfs://, s3a://). {@link #index} reads a
 * bgzipped, sorted VCF once and writes {@code <vcf>.tbi} next to it (export, simulate); {@link #write} writes an
 * index a caller built while writing the VCF (freq-merge). The bytes are those of htsjdk's file-only {@code
 * IndexFactory.createTabixIndex}.
 */
public final class Tabix {
    private Tabix() {}

    /** Where the index of {@code vcf} goes. */
    public static Path indexPath(Path vcf) {
        return new Path(vcf.getParent(), vcf.getName() + ".tbi");
    }

    /**
     * Writes {@code <vcf.gz>.tbi} next to a bgzipped, sorted VCF: one streamed pass through the BGZF blocks records
     * each record's virtual offset and extent, as htsjdk's {@code IndexFactory.createTabixIndex} does.
     */
    public static void index(FileSystem fs, Path vcf) throws IOException {
        VCFCodec codec = new VCFCodec();
        TabixIndexCreator creator = new TabixIndexCreator(null, TabixFormat.VCF);
        long end;
        try (BlockCompressedInputStream in = new BlockCompressedInputStream(fs.open(vcf))) {
            StringBuilder header = new StringBuilder();
            long position = in.getFilePointer();
            String line = in.readLine();
            while (line != null && line.startsWith("#")) {
                header.append(line).append('\n');
                position = in.getFilePointer();
                line = in.readLine();
            }
            codec.readActualHeader(
                    new LineIteratorImpl(new SynchronousLineReader(new StringReader(header.toString()))));
            while (line != null) {
                creator.addFeature(codec.decodeLoc(line), position);
                position = in.getFilePointer();
                line = in.readLine();
            }
            end = in.getFilePointer(); // past the empty end-of-file block, as IndexFactory ends the index
        }
        write(creator.finalizeIndex(end), fs, indexPath(vcf));
    }

    /** Writes an index (BGZF-compressed, little-endian, as tabix does). */
    public static void write(Index index, FileSystem fs, Path tbi) throws IOException {
        try (LittleEndianOutputStream o =
                new LittleEndianOutputStream(new BlockCompressedOutputStream(fs.create(tbi, true), (File) null))) {
            index.write(o);
        }
    }
}
