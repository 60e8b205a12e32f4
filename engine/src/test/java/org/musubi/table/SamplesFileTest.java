package org.musubi.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.samples.SampleManifest;

/**
 * {@link SamplesFile#read} and {@link SamplesFile#readColumns} (column readers) against parquet-mr's record reader
 * ({@code Group}s, the way they read the file before): many samples, nulls in every optional column, several row
 * groups, rows not in index order, and a file from before {@code sex_evidence}.
 */
class SamplesFileTest {
    @TempDir
    java.nio.file.Path dir;

    private final Configuration conf = new Configuration();

    private static String maybe(Random rnd, String v) {
        return rnd.nextInt(5) == 0 ? null : v;
    }

    private static List<SamplesFile.Sample> samples(int n, long seed) {
        Random rnd = new Random(seed);
        List<SamplesFile.Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new SamplesFile.Sample(
                    i,
                    "S" + i + (i % 7 == 0 ? "-ü" : ""),
                    maybe(rnd, rnd.nextBoolean() ? "XX" : "XY"),
                    rnd.nextBoolean() ? "manifest" : "inferred",
                    maybe(rnd, rnd.nextBoolean() ? "XX" : "XY"),
                    rnd.nextInt(4) == 0 ? Double.NaN : rnd.nextGaussian(),
                    maybe(rnd, "P" + rnd.nextInt(5)),
                    maybe(rnd, "bank" + rnd.nextInt(3)),
                    new String[] {maybe(rnd, "F" + i), maybe(rnd, rnd.nextBoolean() ? "0" : "S" + rnd.nextInt(n))},
                    maybe(rnd, rnd.nextBoolean() ? "ploidy" : "x_het_f")));
        }
        return out;
    }

    @Test
    void manySamplesWithNullsReadAsTheRecordReaderReadsThem() throws IOException {
        List<SamplesFile.Sample> in = samples(12_000, 7);
        Path p = new Path(dir.resolve("samples.parquet").toString());
        SamplesFile.write(p, conf, in, List.of("FID", "PAT"));
        assertSame(groupRead(p), SamplesFile.read(p, conf));
        assertSame(in, SamplesFile.read(p, conf));
        // names that find the same column (as QcCohort asks) each get its values
        Map<String, String[]> cols = SamplesFile.readColumns(p, conf, List.of("fid", "pat", "mat", "FID", "PAT"));
        assertEquals(List.of("fid", "pat", "FID", "PAT"), new ArrayList<>(cols.keySet()));
        assertArrayEquals(cols.get("pat"), cols.get("PAT"));
        assertArrayEquals(cols.get("fid"), cols.get("FID"));
        for (int i = 0; i < in.size(); i++) {
            assertEquals(in.get(i).extras()[0], cols.get("fid")[i]);
            assertEquals(in.get(i).extras()[1], cols.get("pat")[i]);
        }
    }

    @Test
    void severalRowGroupsRowsOutOfOrderAndNoSexEvidenceColumn() throws IOException {
        List<SamplesFile.Sample> in = samples(8_000, 11);
        List<SamplesFile.Sample> shuffled = new ArrayList<>(in);
        Collections.shuffle(shuffled, new Random(3));
        // an older table's schema: no sex_evidence; small row groups and pages
        MessageType full = SamplesFile.schema(List.of());
        List<Type> fields = new ArrayList<>(full.getFields());
        fields.removeIf(t -> t.getName().equals(SamplesFile.SEX_EVIDENCE));
        MessageType old = new MessageType("sample", fields);
        Path p = new Path(dir.resolve("old.parquet").toString());
        SimpleGroupFactory f = new SimpleGroupFactory(old);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(p)
                .withConf(conf)
                .withType(old)
                .withRowGroupSize(64L * 1024)
                .withPageSize(4 * 1024)
                .build()) {
            for (SamplesFile.Sample s : shuffled) {
                Group g = f.newGroup()
                        .append(SamplesFile.SAMPLE_INDEX, s.index())
                        .append(SampleManifest.SAMPLE_ID, s.id())
                        .append(SamplesFile.SEX_SOURCE, s.sexSource());
                if (s.sex() != null) {
                    g.append(SampleManifest.SEX, s.sex());
                }
                if (s.sexInferred() != null) {
                    g.append(SamplesFile.SEX_INFERRED, s.sexInferred());
                }
                if (!Double.isNaN(s.xF())) {
                    g.append(SamplesFile.X_F, s.xF());
                }
                if (s.population() != null) {
                    g.append(SampleManifest.POPULATION, s.population());
                }
                if (s.bank() != null) {
                    g.append(SampleManifest.BANK, s.bank());
                }
                w.write(g);
            }
        }
        List<SamplesFile.Sample> read = SamplesFile.read(p, conf);
        assertSame(groupRead(p), read);
        for (int i = 0; i < in.size(); i++) {
            assertEquals(in.get(i).id(), read.get(i).id());
            assertNull(read.get(i).sexEvidence());
        }
        assertEquals(Map.of(), SamplesFile.readColumns(p, conf, List.of("PAT", "MAT")));
    }

    @Test
    void noSamples() throws IOException {
        Path p = new Path(dir.resolve("empty.parquet").toString());
        SamplesFile.write(p, conf, List.of(), List.of("PAT"));
        assertEquals(List.of(), SamplesFile.read(p, conf));
        assertEquals(Map.of(), SamplesFile.readColumns(p, conf, List.of("PAT")));
        Files.delete(dir.resolve("empty.parquet"));
    }

    /** Compares every field but the extras (read() gives none). */
    private static void assertSame(List<SamplesFile.Sample> want, List<SamplesFile.Sample> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            SamplesFile.Sample a = want.get(i);
            SamplesFile.Sample b = got.get(i);
            assertEquals(a.index(), b.index());
            assertEquals(a.id(), b.id());
            assertEquals(a.sex(), b.sex());
            assertEquals(a.sexSource(), b.sexSource());
            assertEquals(a.sexInferred(), b.sexInferred());
            assertEquals(Double.doubleToLongBits(a.xF()), Double.doubleToLongBits(b.xF()), "x_het_f of " + i);
            assertEquals(a.population(), b.population());
            assertEquals(a.bank(), b.bank());
            assertEquals(a.sexEvidence(), b.sexEvidence());
            assertArrayEquals(new String[0], b.extras());
        }
    }

    /** The record reader's view of the file (how SamplesFile.read read it before it used column readers). */
    private List<SamplesFile.Sample> groupRead(Path path) throws IOException {
        List<SamplesFile.Sample> out = new ArrayList<>();
        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), path)
                .withConf(conf)
                .build()) {
            Group g;
            while ((g = r.read()) != null) {
                out.add(new SamplesFile.Sample(
                        g.getInteger(SamplesFile.SAMPLE_INDEX, 0),
                        g.getString(SampleManifest.SAMPLE_ID, 0),
                        opt(g, SampleManifest.SEX),
                        g.getString(SamplesFile.SEX_SOURCE, 0),
                        opt(g, SamplesFile.SEX_INFERRED),
                        g.getFieldRepetitionCount(SamplesFile.X_F) == 0 ? Double.NaN : g.getDouble(SamplesFile.X_F, 0),
                        opt(g, SampleManifest.POPULATION),
                        opt(g, SampleManifest.BANK),
                        new String[0],
                        g.getType().containsField(SamplesFile.SEX_EVIDENCE) ? opt(g, SamplesFile.SEX_EVIDENCE) : null));
            }
        }
        out.sort(java.util.Comparator.comparingInt(SamplesFile.Sample::index));
        return out;
    }

    private static String opt(Group g, String field) {
        return g.getFieldRepetitionCount(field) == 0 ? null : g.getString(field, 0);
    }
}
