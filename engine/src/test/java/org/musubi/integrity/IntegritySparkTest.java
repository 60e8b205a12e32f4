package org.musubi.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.format.TableMetadata;
import org.musubi.table.IntegrityCheck;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.Slice;
import org.musubi.table.scan.TableScan;
import org.musubi.testing.Fixtures;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;

/**
 * Digests of a table: written by ingest, checked by the readers ({@link TableScan}, samples, {@code _table.json})
 * and by {@link IntegrityCheck} ({@code inspect --verify}), which names every damaged file; a table written before
 * digests (empty {@code _SUCCESS}, no digests in {@code _table.json}) still opens and reads.
 */
class IntegritySparkTest extends SparkTestBase {
    @TempDir
    Path tmp;

    static final Configuration CONF = new Configuration();

    Path ingest() throws Exception {
        Path table = tmp.resolve("t.mvt");
        Ingests.ingest(spark(), Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz"), table, false, 2);
        return table;
    }

    static Path firstVariantFile(Path table) throws Exception {
        try (Stream<Path> s = Files.walk(table.resolve("variants"))) {
            return s.filter(p -> p.toString().endsWith(".parquet"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
    }

    static long rows(VariantTable t) throws Exception {
        long n = 0;
        for (VariantTable.VariantFile f : t.files(CONF)) {
            try (TableScan s = TableScan.over(Slice.of(f))
                    .columns(TableScan.VARIANT)
                    .columns("calls")
                    .open(CONF)) {
                while (s.next()) {
                    s.column("calls").bytes();
                    n++;
                }
            }
        }
        return n;
    }

    static void flip(Path file, long offset) throws Exception {
        byte[] b = Files.readAllBytes(file);
        b[(int) offset] ^= 0x5a;
        Files.write(file, b);
    }

    static IntegrityCheck.Result check(Path dir) throws Exception {
        return IntegrityCheck.check(FileSystem.getLocal(CONF), new org.apache.hadoop.fs.Path(dir.toString()));
    }

    @Test
    void aDamagedColumnChunkFailsTheScanNamingFileRangeAndFix() throws Exception {
        Path table = ingest();
        assertThat(check(table).damaged()).isEmpty();
        VariantTable t = VariantTable.open(table.toString(), CONF);
        long intact = rows(t);
        assertThat(intact).isEqualTo(t.metadata.variantCount);
        Path f = firstVariantFile(table);
        ParquetDigest d = t.metadata.variantFiles.get(table.relativize(f).toString());
        flip(f, 100); // inside the first column chunk (pos), past the 4-byte magic
        assertThatThrownBy(() -> rows(VariantTable.open(table.toString(), CONF)))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining(f.getFileName().toString())
                .hasMessageContaining("row group 0, column pos")
                .hasMessageContaining("restore the file");
        assertThat(d.tailOffset()).isLessThan(d.size());
        IntegrityCheck.Result r = check(table);
        assertThat(r.damaged()).hasSize(1);
        assertThat(r.damaged().get(0)).contains(f.getFileName().toString()).contains("row group 0, column pos");
    }

    @Test
    void damagedFooterSamplesAndMetadataAreEachNamed() throws Exception {
        Path table = ingest();
        Path f = firstVariantFile(table);
        flip(f, Files.size(f) - 20); // the footer
        assertThatThrownBy(() -> VariantTable.open(table.toString(), CONF).files(CONF))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("(the footer and indexes)");
        flip(table.resolve(TableMetadata.SAMPLES), 50); // checked on opening the table: every reader opens it first
        assertThatThrownBy(() -> VariantTable.open(table.toString(), CONF))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("samples.parquet is damaged");
        assertThat(check(table).damaged()).hasSize(2);
        flip(table.resolve(TableMetadata.FILE_NAME), 30);
        assertThatThrownBy(() -> VariantTable.open(table.toString(), CONF))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("_table.json is damaged");
        assertThat(check(table).damaged()).singleElement().asString().contains("_table.json is damaged");
    }

    @Test
    void aTableWrittenBeforeDigestsStillOpens() throws Exception {
        Path table = ingest();
        long intact = rows(VariantTable.open(table.toString(), CONF));
        TableMetadata m = TableMetadata.fromJson(Files.readAllBytes(table.resolve(TableMetadata.FILE_NAME)));
        m.files = null;
        m.variantFiles = null;
        Files.write(table.resolve(TableMetadata.FILE_NAME), m.toJson());
        Files.write(table.resolve("_SUCCESS"), new byte[0]);
        VariantTable t = VariantTable.open(table.toString(), CONF);
        assertThat(t.files(CONF)).allSatisfy(f -> assertThat(f.digest()).isNull());
        assertThat(rows(t)).isEqualTo(intact);
        assertThat(t.samples(CONF)).hasSize(t.metadata.sampleCount);
        IntegrityCheck.Result r = check(table);
        assertThat(r.damaged()).isEmpty();
        assertThat(r.warnings()).singleElement().asString().contains("written before Musubi recorded checksums");
        assertThat(List.of(r.checked())).containsExactly(0);
    }
}
