package org.musubi.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.musubi.samples.SampleManifest;
import org.musubi.table.write.ZstdCodecs;

/**
 * The table's {@code samples.parquet}: one row per sample in genotype order ({@code sample_index} 0…N-1), with
 * {@code sample_id}, {@code sex} (XX/XY/null), {@code sex_source} (manifest/inferred/unknown), {@code sex_inferred}
 * and {@code x_het_f} (from chrX outside the PARs), {@code sex_evidence} (what decided {@code sex_inferred}: ploidy
 * or x_het_f; absent from tables written before it, read as null), {@code population},
 * {@code bank} and any extra manifest columns (strings).
 */
public final class SamplesFile {
    private SamplesFile() {}

    public static final String SAMPLE_INDEX = "sample_index";
    public static final String SEX_SOURCE = "sex_source";

    /** One sample. */
    public record Sample(
            int index,
            String id,
            String sex,
            String sexSource,
            String sexInferred,
            double xF,
            String population,
            String bank,
            String[] extras,
            String sexEvidence) {
        /** A sample without the evidence behind {@code sexInferred} (readers that have none to give). */
        public Sample(
                int index,
                String id,
                String sex,
                String sexSource,
                String sexInferred,
                double xF,
                String population,
                String bank,
                String[] extras) {
            this(index, id, sex, sexSource, sexInferred, xF, population, bank, extras, null);
        }
    }

    public static final String SEX_INFERRED = "sex_inferred";
    public static final String X_F = "x_het_f";
    public static final String SEX_EVIDENCE = "sex_evidence";

    public static MessageType schema(List<String> extraColumns) {
        LogicalTypeAnnotation str = LogicalTypeAnnotation.stringType();
        Types.GroupBuilder<MessageType> b = Types.buildMessage()
                .required(PrimitiveTypeName.INT32)
                .named(SAMPLE_INDEX)
                .required(PrimitiveTypeName.BINARY)
                .as(str)
                .named(SampleManifest.SAMPLE_ID)
                .optional(PrimitiveTypeName.BINARY)
                .as(str)
                .named(SampleManifest.SEX)
                .required(PrimitiveTypeName.BINARY)
                .as(str)
                .named(SEX_SOURCE)
                .optional(PrimitiveTypeName.BINARY)
                .as(str)
                .named(SEX_INFERRED)
                .optional(PrimitiveTypeName.DOUBLE)
                .named(X_F)
                .optional(PrimitiveTypeName.BINARY)
                .as(str)
                .named(SEX_EVIDENCE)
                .optional(PrimitiveTypeName.BINARY)
                .as(str)
                .named(SampleManifest.POPULATION)
                .optional(PrimitiveTypeName.BINARY)
                .as(str)
                .named(SampleManifest.BANK);
        for (String c : extraColumns) {
            b.optional(PrimitiveTypeName.BINARY).as(str).named(c);
        }
        return b.named("sample");
    }

    public static void write(Path path, Configuration conf, List<Sample> samples, List<String> extraColumns)
            throws IOException {
        MessageType schema = schema(extraColumns);
        SimpleGroupFactory f = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ZstdCodecs.build(conf, () -> ExampleParquetWriter.builder(path)
                .withConf(conf)
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .build())) {
            for (Sample s : samples) {
                Group g = f.newGroup()
                        .append(SAMPLE_INDEX, s.index())
                        .append(SampleManifest.SAMPLE_ID, s.id())
                        .append(SEX_SOURCE, s.sexSource());
                if (s.sex() != null) {
                    g.append(SampleManifest.SEX, s.sex());
                }
                if (s.sexInferred() != null) {
                    g.append(SEX_INFERRED, s.sexInferred());
                }
                if (!Double.isNaN(s.xF())) {
                    g.append(X_F, s.xF());
                }
                if (s.sexEvidence() != null) {
                    g.append(SEX_EVIDENCE, s.sexEvidence());
                }
                if (s.population() != null) {
                    g.append(SampleManifest.POPULATION, s.population());
                }
                if (s.bank() != null) {
                    g.append(SampleManifest.BANK, s.bank());
                }
                for (int i = 0; i < extraColumns.size(); i++) {
                    if (s.extras()[i] != null) {
                        g.append(extraColumns.get(i), s.extras()[i]);
                    }
                }
                w.write(g);
            }
        }
    }

    /**
     * The samples of {@code path}, in sample-index order. Read column by column through parquet-mr's column readers
     * (no record assembly, no {@code Group} per sample): every job reads this file, up to 10⁵ and more rows.
     */
    public static List<Sample> read(Path path, Configuration conf) throws IOException {
        SamplesColumns c = SamplesColumns.read(
                path,
                conf,
                List.of(
                        SampleManifest.SAMPLE_ID,
                        SampleManifest.SEX,
                        SEX_SOURCE,
                        SEX_INFERRED,
                        X_F,
                        SampleManifest.POPULATION,
                        SampleManifest.BANK,
                        SEX_EVIDENCE),
                false);
        Object[] id = c.required(SampleManifest.SAMPLE_ID);
        Object[] sex = c.required(SampleManifest.SEX);
        Object[] sexSource = c.required(SEX_SOURCE);
        Object[] sexInferred = c.required(SEX_INFERRED);
        Object[] xF = c.required(X_F);
        Object[] population = c.required(SampleManifest.POPULATION);
        Object[] bank = c.required(SampleManifest.BANK);
        Object[] evidence = c.values().get(SEX_EVIDENCE); // absent from tables written before it
        List<Sample> out = new ArrayList<>(c.index().length);
        for (int i = 0; i < c.index().length; i++) {
            out.add(new Sample(
                    c.index()[i],
                    (String) id[i],
                    (String) sex[i],
                    (String) sexSource[i],
                    (String) sexInferred[i],
                    xF[i] == null ? Double.NaN : (Double) xF[i],
                    (String) population[i],
                    (String) bank[i],
                    new String[0],
                    evidence == null ? null : (String) evidence[i]));
        }
        out.sort(java.util.Comparator.comparingInt(Sample::index));
        return out;
    }

    /**
     * The values of the named string columns (extra manifest columns such as a {@code .fam}'s {@code FID}, {@code
     * PAT}, {@code MAT}, {@code PHENO1}; names matched ignoring case, the first such column of the file) by sample
     * index, keyed by the name asked for; a column the file lacks is absent from the map, a null value is null. Used
     * by PLINK export and {@link #founders}.
     */
    public static java.util.Map<String, String[]> readColumns(Path path, Configuration conf, List<String> names)
            throws IOException {
        SamplesColumns c = SamplesColumns.read(path, conf, names, true);
        java.util.Map<String, String[]> out = new java.util.LinkedHashMap<>();
        if (c.index().length == 0) {
            return out; // as before: no rows, no columns
        }
        for (java.util.Map.Entry<String, Object[]> e : c.values().entrySet()) {
            String[] col = new String[c.index().length];
            for (int i = 0; i < col.length; i++) {
                col[c.index()[i]] = (String) e.getValue()[i];
            }
            out.put(e.getKey(), col);
        }
        return out;
    }

    /** Manifest columns that name a sample's father and mother ({@code .psam} PAT/MAT, simulate's pat/mat). */
    private static final List<List<String>> PARENT_COLUMNS =
            List.of(List.of("pat", "mat"), List.of("father", "mother"));

    /**
     * Which samples are founders, in sample-index order, as plink2 decides it from a {@code .psam}: both parent IDs
     * missing ({@code 0}; a null or empty manifest value counts as missing too); null when the table records no
     * parents (every sample a founder). Used by gwas, whose allele frequencies (A1, {@code --maf}) plink2 counts over
     * the founders.
     */
    public static boolean[] founders(Path path, Configuration conf) throws IOException {
        return founders(readColumns(path, conf, PARENTS));
    }

    /** The manifest columns {@link #founders(Path, Configuration)} reads, for a reader that reads them along. */
    public static final List<String> PARENTS =
            PARENT_COLUMNS.stream().flatMap(List::stream).toList();

    /**
     * {@link #founders(Path, Configuration)} from columns {@link #readColumns} read (with at least {@link #PARENTS},
     * keyed as asked for).
     */
    public static boolean[] founders(java.util.Map<String, String[]> cols) {
        for (List<String> pair : PARENT_COLUMNS) {
            String[] father = cols.get(pair.get(0));
            String[] mother = cols.get(pair.get(1));
            if (father != null && mother != null) {
                boolean[] f = new boolean[father.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = missingParent(father[i]) && missingParent(mother[i]);
                }
                return f;
            }
        }
        return null;
    }

    private static boolean missingParent(String id) {
        return id == null || id.isEmpty() || id.equals("0");
    }
}
