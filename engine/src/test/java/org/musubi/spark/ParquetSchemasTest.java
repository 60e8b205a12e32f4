package org.musubi.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.musubi.gwas.GwasResults;
import org.musubi.prs.PrsPlan;

/**
 * The result schemas are defined once (Spark) and their Parquet form derived: the derived form is what Spark's own
 * converter writes for the Spark schema, and what the hand-written Parquet schemas were before (so the files keep
 * their bytes).
 */
class ParquetSchemasTest {
    private static MessageType spark(StructType s, String name) {
        MessageType m = new SparkToParquetSchemaConverter(new SQLConf()).convert(s);
        return new MessageType(name, m.getFields());
    }

    @Test
    void gwasResultsAgreeWithSparkAndWithTheSchemaWrittenBefore() {
        StructType s = ParquetSchemas.without(GwasResults.SCHEMA, GwasResults.PHENOTYPE);
        MessageType derived = ParquetSchemas.of(s, "gwas_results");
        assertThat(derived).isEqualTo(spark(s, "gwas_results"));
        assertThat(derived).isEqualTo(GWAS_BEFORE);
        assertThat(s.fieldNames()).doesNotContain(GwasResults.PHENOTYPE).hasSize(16);
    }

    @Test
    void prsScoresAgreeWithSparkAndWithTheSchemaWrittenBefore() {
        MessageType derived = ParquetSchemas.of(PrsPlan.SCORES_SCHEMA, "spark_schema");
        assertThat(derived).isEqualTo(spark(PrsPlan.SCORES_SCHEMA, "spark_schema"));
        assertThat(derived).isEqualTo(PRS_BEFORE);
    }

    private static final LogicalTypeAnnotation STR = LogicalTypeAnnotation.stringType();

    /** GwasResultsParquet.SCHEMA as written by hand before it was derived. */
    static final MessageType GWAS_BEFORE = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY)
            .as(STR)
            .named(GwasResults.CONTIG)
            .required(PrimitiveTypeName.INT32)
            .named(GwasResults.POS)
            .optional(PrimitiveTypeName.BINARY)
            .as(STR)
            .named(GwasResults.ID)
            .required(PrimitiveTypeName.BINARY)
            .as(STR)
            .named(GwasResults.REF)
            .required(PrimitiveTypeName.BINARY)
            .as(STR)
            .named(GwasResults.ALT)
            .required(PrimitiveTypeName.BINARY)
            .as(STR)
            .named(GwasResults.A1)
            .optional(PrimitiveTypeName.DOUBLE)
            .named(GwasResults.A1_FREQ)
            .required(PrimitiveTypeName.BINARY)
            .as(STR)
            .named(GwasResults.MODEL)
            .optional(PrimitiveTypeName.BOOLEAN)
            .named(GwasResults.FIRTH)
            .required(PrimitiveTypeName.INT32)
            .named(GwasResults.OBS_CT)
            .optional(PrimitiveTypeName.DOUBLE)
            .named(GwasResults.BETA)
            .optional(PrimitiveTypeName.DOUBLE)
            .named(GwasResults.SE)
            .optional(PrimitiveTypeName.DOUBLE)
            .named(GwasResults.STAT)
            .optional(PrimitiveTypeName.DOUBLE)
            .named(GwasResults.P)
            .optional(PrimitiveTypeName.DOUBLE)
            .named(GwasResults.NEG_LOG10_P)
            .required(PrimitiveTypeName.BINARY)
            .as(STR)
            .named(GwasResults.ERRCODE)
            .named("gwas_results");

    /** PrsPlan.scoresParquetSchema() as written by hand before it was derived. */
    static final MessageType PRS_BEFORE = Types.buildMessage()
            .required(PrimitiveTypeName.INT32)
            .named("sample_index")
            .required(PrimitiveTypeName.BINARY)
            .as(STR)
            .named("sample_id")
            .required(PrimitiveTypeName.BINARY)
            .as(STR)
            .named("score")
            .required(PrimitiveTypeName.DOUBLE)
            .named("sum")
            .required(PrimitiveTypeName.INT32)
            .named("denom")
            .optional(PrimitiveTypeName.DOUBLE)
            .named("avg")
            .required(PrimitiveTypeName.INT32)
            .named("allele_ct")
            .required(PrimitiveTypeName.DOUBLE)
            .named("named_allele_dosage_sum")
            .required(PrimitiveTypeName.INT64)
            .named("variants")
            .named("spark_schema");
}
