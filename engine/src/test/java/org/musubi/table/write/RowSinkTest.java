package org.musubi.table.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
import org.musubi.format.VariantTableSchema;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.genome.GenomeBuild;

/** The row sink's counts, order and duplicate checks and sex evidence; the assembler's files and metadata. */
class RowSinkTest {
    @TempDir
    Path tmp;

    static final byte HOM_REF = GenotypeCode.HOM_REF;
    static final byte HET = GenotypeCode.HET;
    static final byte HOM_ALT = GenotypeCode.HOM_ALT;
    static final byte MISSING = GenotypeCode.MISSING;

    private static void site(RowSink sink, int pos, String ref, String alt) {
        VariantRow r = sink.row();
        r.pos = pos;
        r.ref = ref;
        r.alt = alt;
        r.altIndex = 1;
    }

    /**
     * {@link RowSink#writePacked} (PLINK ingest's fast path) writes the same files as {@link RowSink#write} with the
     * unpacked codes: random genotypes with missing, rare and common variants, sample counts off a byte, chr1 and chrX
     * outside the PARs (sex evidence).
     */
    @Test
    void packedRowsAreTheRowsOfTheUnpackedCodes() throws Exception {
        Configuration conf = new Configuration(false);
        java.util.Random rnd = new java.util.Random(3);
        for (int n : new int[] {1, 7, 130, 1001}) {
            org.apache.hadoop.fs.Path a =
                    new org.apache.hadoop.fs.Path(tmp.resolve("a" + n).toUri());
            org.apache.hadoop.fs.Path b =
                    new org.apache.hadoop.fs.Path(tmp.resolve("b" + n).toUri());
            RowSink plain = new RowSink(a, 1, conf, n, List.of(), GenomeBuild.GRCh38);
            RowSink packed = new RowSink(b, 1, conf, n, List.of(), GenomeBuild.GRCh38);
            byte[] gt = new byte[n];
            byte[] bytes = new byte[(n + 3) / 4];
            for (int v = 0; v < 60; v++) {
                String contig = v < 40 ? "1" : "X";
                int pos = v < 40 ? 1000 + v : 3_000_000 + v;
                double alt = v % 3 == 0 ? 0.001 : rnd.nextDouble();
                java.util.Arrays.fill(bytes, (byte) 0);
                for (int i = 0; i < n; i++) {
                    double x = rnd.nextDouble();
                    gt[i] = (x < 0.02 ? MISSING : x < alt * alt ? HOM_ALT : x < alt ? HET : HOM_REF);
                    bytes[i >>> 2] |= (byte) (gt[i] << (2 * (i & 3)));
                }
                site(plain, pos, "A", "C");
                plain.write(contig, gt, null, null, null);
                site(packed, pos, "A", "C");
                packed.writePacked(contig, bytes, 0);
                assertThat(packed.counts()).isEqualTo(plain.counts());
            }
            WrittenRows wa = plain.finish();
            WrittenRows wb = packed.finish();
            assertThat(wb.files).as("n=%d", n).isEqualTo(wa.files);
            assertThat(wb.rows).isEqualTo(wa.rows);
            assertThat(wb.sex.variants()).isEqualTo(wa.sex.variants()).isEqualTo(20);
        }
    }

    @Test
    void writesCountsPerContigFilesAndRefusesDisorderAndDuplicates() throws Exception {
        Configuration conf = new Configuration(false);
        org.apache.hadoop.fs.Path dir =
                new org.apache.hadoop.fs.Path(tmp.resolve("task").toUri());
        RowSink sink = new RowSink(dir, 7, conf, 4, List.of(), GenomeBuild.GRCh38);
        sink.checkOrder("1", 100);
        sink.checkNew("1", 100, "A", new String[] {"C", "G"}, 2);
        site(sink, 100, "A", "C");
        sink.write("1", new byte[] {HOM_REF, HET, HOM_ALT, MISSING}, null, null, null);
        assertThat(sink.counts().ac()).isEqualTo(3);
        assertThat(sink.counts().an()).isEqualTo(6);
        // the same alleles again at this position; a position going back; a contig reappearing
        assertThatThrownBy(() -> sink.checkNew("1", 100, "A", new String[] {"C"}, 1))
                .isInstanceOfSatisfying(RowRejectedException.class, e -> assertThat(e.reason)
                        .isEqualTo(RowRejectedException.Reason.DUPLICATE));
        assertThatThrownBy(() -> sink.checkOrder("1", 99))
                .isInstanceOfSatisfying(RowRejectedException.class, e -> assertThat(e.reason)
                        .isEqualTo(RowRejectedException.Reason.UNSORTED));
        sink.checkOrder("X", 3_000_000);
        site(sink, 3_000_000, "A", "T");
        sink.write("X", new byte[] {HOM_REF, HOM_ALT, HET, HOM_REF}, null, null, null);
        assertThatThrownBy(() -> sink.checkOrder("1", 200)).isInstanceOf(RowRejectedException.class);
        WrittenRows w = sink.finish();

        assertThat(w.rows).isEqualTo(2);
        assertThat(w.contigs).containsExactly("1", "X");
        assertThat(w.files)
                .extracting(WrittenRows.File::relativePath)
                .allMatch(p -> p.endsWith("/part-00007-" + (p.contains("X") ? "001" : "000") + ".zstd.parquet"));
        assertThat(w.sex).isNotNull();
        assertThat(w.sex.variants()).isEqualTo(1);

        // the assembler moves the files under variants/ and writes the metadata
        FileSystem fs = FileSystem.getLocal(conf);
        org.apache.hadoop.fs.Path table =
                new org.apache.hadoop.fs.Path(tmp.resolve("t.mvt").toUri());
        TableAssembler a = new TableAssembler(fs, table);
        a.metadata().contigLengths.put("X", 156_040_895L);
        a.metadata().contigLengths.put("1", 248_956_422L);
        a.add(w, "task 7");
        TableMetadata meta = a.finish("test", List.of("t"));
        assertThat(meta.contigs).containsExactly("X", "1");
        assertThat(meta.variantCount).isEqualTo(2);
        assertThat(meta.sexEvidenceVariants).isEqualTo(1);
        assertThat(Files.exists(tmp.resolve("t.mvt").resolve(TableMetadata.FILE_NAME)))
                .isTrue();
        assertThat(Files.exists(tmp.resolve("t.mvt").resolve(TableMetadata.SUCCESS)))
                .isTrue();
        List<Integer> acs = new ArrayList<>();
        for (WrittenRows.File f : w.files) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(
                    new org.apache.hadoop.fs.Path(table, TableMetadata.VARIANTS), f.relativePath());
            try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), p)
                    .withConf(conf)
                    .build()) {
                for (Group g = r.read(); g != null; g = r.read()) {
                    acs.add(g.getInteger(VariantTableSchema.AC, 0));
                }
            }
        }
        assertThat(acs).containsExactly(3, 3);

        // a second task starting before the first one's end on a contig is refused
        RowSink again = new RowSink(dir.suffix("-2"), 8, conf, 4, List.of(), null);
        site(again, 50, "A", "C");
        again.write("1", new byte[] {HOM_REF, HOM_REF, HOM_REF, HOM_REF}, null, null, null);
        WrittenRows w2 = again.finish();
        assertThatThrownBy(() -> a.add(w2, "task 8"))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("out of order on contig 1");
    }
}
