package org.musubi.gwas;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Columns of the GWAS results (Parquet and the DataFrame registered for SQL). */
public final class GwasResults {
    private GwasResults() {}

    public static final String PHENOTYPE = "phenotype";
    public static final String CONTIG = "contig";
    public static final String POS = "pos";
    public static final String ID = "id";
    public static final String REF = "ref";
    public static final String ALT = "alt";
    public static final String A1 = "a1";
    public static final String A1_FREQ = "a1_freq";
    public static final String MODEL = "model";
    public static final String FIRTH = "firth";
    public static final String OBS_CT = "obs_ct";
    public static final String BETA = "beta";
    public static final String SE = "se";
    public static final String STAT = "stat";
    public static final String P = "p";
    public static final String NEG_LOG10_P = "neg_log10_p";
    public static final String ERRCODE = "errcode";

    /** beta is log(OR) for logistic models; stat is T (linear) or Z (logistic); p underflows to 0 below 1e-308,
     * neg_log10_p does not. */
    public static final StructType SCHEMA = new StructType()
            .add(PHENOTYPE, DataTypes.StringType, false)
            .add(CONTIG, DataTypes.StringType, false)
            .add(POS, DataTypes.IntegerType, false)
            .add(ID, DataTypes.StringType, true)
            .add(REF, DataTypes.StringType, false)
            .add(ALT, DataTypes.StringType, false)
            .add(A1, DataTypes.StringType, false)
            .add(A1_FREQ, DataTypes.DoubleType, true)
            .add(MODEL, DataTypes.StringType, false)
            .add(FIRTH, DataTypes.BooleanType, true)
            .add(OBS_CT, DataTypes.IntegerType, false)
            .add(BETA, DataTypes.DoubleType, true)
            .add(SE, DataTypes.DoubleType, true)
            .add(STAT, DataTypes.DoubleType, true)
            .add(P, DataTypes.DoubleType, true)
            .add(NEG_LOG10_P, DataTypes.DoubleType, true)
            .add(ERRCODE, DataTypes.StringType, false);
}
