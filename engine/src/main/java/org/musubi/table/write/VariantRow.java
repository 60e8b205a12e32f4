package org.musubi.table.write;

/**
 * One row of the variant table as the writer takes it (mutable and reused; one per writer, not per variant). Field
 * meanings are those of {@link org.musubi.format.VariantTableSchema}.
 */
public final class VariantRow {
    public int pos;
    public String ref;
    public String alt;
    public String id;
    public boolean hasQual;
    public double qual;
    public String[] filters;
    public String origAlleles;
    public int altIndex;
    public int nCalled;
    public int ac;
    public int an;
    public int nHet;
    public int nHomAlt;
    public int nHemiAlt;
    /** NaN when an == 0 (written as null). */
    public double af;

    public byte[] calls;
    public int callsLength;
    public byte[] ploidy;
    public byte[] phase;
    public byte[] dosage;
    /** Values of the selected INFO columns, in schema order: Long, Double, Boolean, String or null. */
    public Object[] info;
}
