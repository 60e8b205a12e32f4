package org.musubi.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import htsjdk.samtools.util.BlockCompressedInputStream;
import htsjdk.samtools.util.BlockCompressedOutputStream;
import htsjdk.tribble.index.IndexFactory;
import htsjdk.tribble.index.tabix.TabixFormat;
import htsjdk.variant.vcf.VCFCodec;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartConcatTest {
    @TempDir
    Path tmp;

    private final FileSystem fs = localFs();

    private static FileSystem localFs() {
        try {
            return FileSystem.getLocal(new Configuration()).getRaw();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private org.apache.hadoop.fs.Path part(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return new org.apache.hadoop.fs.Path(p.toString());
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream g = new GZIPOutputStream(b)) {
            g.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    private static byte[] bgzfPart(String s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        BlockCompressedOutputStream o = new BlockCompressedOutputStream(b, (File) null);
        o.write(s.getBytes(StandardCharsets.UTF_8));
        o.close(false);
        return b.toByteArray();
    }

    @Test
    void gzipMembersMakeOneFileAndTheMd5IsTheFilesOwn() throws Exception {
        Path out = tmp.resolve("x.tsv.gz");
        String md5;
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(out.toUri());
        try (PartConcat c = PartConcat.createWithMd5(fs, hp, PartConcat.Codec.GZIP_MEMBERS)) {
            c.header("h\n".getBytes(StandardCharsets.UTF_8));
            c.append(fs, part("a", gzip("1\n")));
            c.append(fs, part("b", gzip("2\n")));
            c.close();
            md5 = c.md5Hex();
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out))) {
            assertEquals("h\n1\n2\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        byte[] file = Files.readAllBytes(out);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(file)), md5);
        // the size and CRC32C computed while copying are the file's, and the run summary takes them
        org.apache.hadoop.fs.FileStatus st = fs.getFileStatus(hp);
        assertEquals(org.musubi.integrity.FileDigest.of(fs, hp), org.musubi.integrity.WrittenDigests.take(st));
        assertEquals(null, org.musubi.integrity.WrittenDigests.take(st));
    }

    @Test
    void bgzfPartsGetTheEofBlockAndTabixIndexesThemAsHtsjdkDoes() throws IOException {
        String header = "##fileformat=VCFv4.2\n##contig=<ID=1>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
        Path out = tmp.resolve("x.vcf.gz");
        try (PartConcat c = PartConcat.create(fs, new org.apache.hadoop.fs.Path(out.toUri()), PartConcat.Codec.BGZF)) {
            c.header(header.getBytes(StandardCharsets.UTF_8));
            c.append(fs, part("a", bgzfPart("1\t10\t.\tA\tC\t.\t.\t.\n")));
            c.append(fs, part("b", bgzfPart("1\t20\t.\tG\tT\t.\t.\t.\n")));
        }
        try (InputStream in = new BlockCompressedInputStream(out.toFile())) {
            assertEquals(
                    header + "1\t10\t.\tA\tC\t.\t.\t.\n1\t20\t.\tG\tT\t.\t.\t.\n",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(
                BlockCompressedInputStream.FileTermination.HAS_TERMINATOR_BLOCK,
                BlockCompressedInputStream.checkTermination(out.toFile()));
        Tabix.index(fs, new org.apache.hadoop.fs.Path(out.toString()));
        File expected = tmp.resolve("expected.tbi").toFile();
        IndexFactory.createTabixIndex(out.toFile(), new VCFCodec(), TabixFormat.VCF, null)
                .write(expected);
        assertArrayEquals(Files.readAllBytes(expected.toPath()), Files.readAllBytes(tmp.resolve("x.vcf.gz.tbi")));
    }
}
