package org.musubi.adam;

import htsjdk.samtools.ValidationStringency;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bdgenomics.adam.ds.ADAMContext;
import org.bdgenomics.adam.ds.variant.GenotypeDataset;
import org.bdgenomics.formats.avro.Sample;
import org.musubi.format.VariantTableSchema;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.TwoBitVector;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.Slice;
import org.musubi.table.scan.TableScan;

/** What the ADAM tests compare: ADAM genotypes and table rows as sorted text. */
final class AdamTesting {
    private AdamTesting() {}

    /**
     * ADAM genotypes as {@code contig start ref alt sample alleles phased}, sorted; another ALT counts as REF (as the
     * table's split rows have it) and unphased alleles are sorted (a call's allele order means nothing unphased).
     */
    static List<String> genotypes(GenotypeDataset gd) {
        List<String> out = new ArrayList<>();
        for (Row r : gd.toDF()
                .selectExpr(
                        "referenceName",
                        "start",
                        "variant.referenceAllele",
                        "variant.alternateAllele",
                        "sampleId",
                        "alleles",
                        "phased")
                .collectAsList()) {
            List<String> alleles = new ArrayList<>();
            for (Object a : r.getList(5)) {
                alleles.add(a.equals("OTHER_ALT") ? "REF" : a.toString());
            }
            boolean phased = !r.isNullAt(6) && r.getBoolean(6);
            if (!phased) {
                Collections.sort(alleles);
            }
            out.add(r.getString(0) + "\t" + r.getLong(1) + "\t" + r.getString(2) + "\t" + r.getString(3) + "\t"
                    + r.getString(4) + "\t" + alleles + "\t" + phased);
        }
        Collections.sort(out);
        return out;
    }

    /**
     * ADAM's own {@code loadVcf → toGenotypes}. ADAM's VCF reader asks Hadoop for the checksummed local file system
     * ({@code FileSystem.getLocal}), which Musubi's sessions replace with the raw one (no {@code .crc} files): it is
     * put back for the call.
     */
    static GenotypeDataset loadVcf(SparkSession spark, Path vcf) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String impl = conf.get("fs.file.impl");
        conf.set("fs.file.impl", "org.apache.hadoop.fs.LocalFileSystem");
        try {
            return new ADAMContext(spark.sparkContext())
                    .loadVcf(vcf.toString(), ValidationStringency.STRICT)
                    .toGenotypes();
        } finally {
            if (impl == null) {
                conf.unset("fs.file.impl");
            } else {
                conf.set("fs.file.impl", impl);
            }
        }
    }

    /** {@link #genotypes} as a Spark dataset (for comparing millions of genotypes without collecting them). */
    static Dataset<Row> normalized(GenotypeDataset gd) {
        return gd.toDF()
                .selectExpr(
                        "referenceName",
                        "start",
                        "variant.referenceAllele",
                        "variant.alternateAllele",
                        "sampleId",
                        "coalesce(phased, false) AS phased",
                        "transform(alleles, a -> IF(a = 'OTHER_ALT', 'REF', a)) AS alleles")
                .selectExpr("*", "IF(phased, alleles, array_sort(alleles)) AS calls")
                .drop("alleles");
    }

    /** Prints how long a step took (the test's report shows it); returns now. */
    static long lap(String step, long t0) {
        long t = System.nanoTime();
        System.out.printf("%s: %.1f s%n", step, (t - t0) / 1e9);
        return t;
    }

    static List<String> sampleIds(ADAMContext ac, String path) {
        List<String> ids = new ArrayList<>();
        scala.collection.Iterator<Sample> it =
                AdamDataset.load(ac, path).samples().iterator();
        while (it.hasNext()) {
            ids.add(it.next().getId());
        }
        return ids;
    }

    /** A table's rows as {@code contig pos id ref alt ac an | genotype codes | ploidy codes | phase codes}, sorted. */
    static List<String> rows(Path table) throws IOException {
        Configuration conf = new Configuration();
        VariantTable t = VariantTable.open(table.toString(), conf);
        int n = t.metadata.sampleCount;
        byte[] v = new byte[n];
        List<String> out = new ArrayList<>();
        for (VariantTable.VariantFile f : t.files(conf)) {
            try (TableScan scan = TableScan.over(Slice.of(f))
                    .columns(
                            VariantTableSchema.POS,
                            VariantTableSchema.ID,
                            VariantTableSchema.REF,
                            VariantTableSchema.ALT,
                            VariantTableSchema.AC,
                            VariantTableSchema.AN,
                            VariantTableSchema.CALLS,
                            VariantTableSchema.PLOIDY,
                            VariantTableSchema.PHASE)
                    .open(conf)) {
                while (scan.next()) {
                    StringBuilder sb = new StringBuilder();
                    sb.append(scan.contig())
                            .append('\t')
                            .append(scan.column(VariantTableSchema.POS).int32());
                    sb.append('\t').append(scan.column(VariantTableSchema.ID).string());
                    sb.append('\t').append(scan.column(VariantTableSchema.REF).string());
                    sb.append('\t').append(scan.column(VariantTableSchema.ALT).string());
                    sb.append('\t').append(scan.column(VariantTableSchema.AC).int32());
                    sb.append('\t').append(scan.column(VariantTableSchema.AN).int32());
                    new CallsView()
                            .reset(scan.column(VariantTableSchema.CALLS).bytes(), n)
                            .decodeDense(v);
                    codes(sb, v);
                    for (String c : List.of(VariantTableSchema.PLOIDY, VariantTableSchema.PHASE)) {
                        byte[] enc = scan.column(c).bytes();
                        java.util.Arrays.fill(v, (byte) 0);
                        if (enc != null) {
                            TwoBitVector.decode(enc, n, v);
                        }
                        codes(sb, v);
                    }
                    out.add(sb.toString());
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    private static void codes(StringBuilder sb, byte[] v) {
        sb.append('\t');
        for (byte b : v) {
            sb.append((char) ('0' + b));
        }
    }
}
